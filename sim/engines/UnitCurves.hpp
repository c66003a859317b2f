#pragma once
// Each unit's operability over the recorded steps, kept as its changes: the
// value at step 0, then (step, value) wherever the value differs from the step
// before. A dense steps × units matrix of floats is 676 MB at a million units
// and 169 steps; the curves of that stress test change 6.9 M times (55 MB here).
// Values are compared and kept bit for bit, so at(k, u) is exactly what the
// engine recorded and every reader sees the same numbers as from a dense matrix.
#include <cstdint>
#include <span>
#include <vector>

namespace cisim {

class UnitCurves {
public:
    struct Change {
        std::uint32_t step;
        float value;
        bool operator==(const Change&) const = default;
    };

    UnitCurves() = default;  ///< nothing recorded

    /// From a steps × units matrix, row-major (tests and small producers).
    static UnitCurves from_dense(std::span<const float> values, std::size_t steps, std::size_t units);
    /// The steps × units matrix, row-major: for small models (the Python arrays).
    std::vector<float> dense() const;

    bool empty() const { return changes_.empty(); }
    std::size_t unit_count() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    std::size_t step_count() const { return steps_; }
    std::size_t change_count() const { return changes_.size(); }

    /// Unit u's changes in step order; the first is at step 0.
    std::span<const Change> changes(std::size_t unit) const {
        return {changes_.data() + offsets_[unit], changes_.data() + offsets_[unit + 1]};
    }
    float at(std::size_t step, std::size_t unit) const;
    /// Unit u's value at every step, into out (step_count() values).
    void curve(std::size_t unit, std::span<float> out) const;
    /// Keeps units 0..n−1 only (a population's classes are dropped after a run).
    void keep_first_units(std::size_t n);

    bool operator==(const UnitCurves&) const = default;

    /// Records a run step by step: set() any unit any number of times within a
    /// step; what a step ends with is compared with the step before. At step 0
    /// every unit not set holds `initial`.
    class Recorder {
    public:
        Recorder(std::size_t units, std::size_t steps, float initial = 1.0f);
        /// Moves to step k (k ≥ the current step); steps skipped keep their values.
        void begin_step(std::size_t k);
        void set(std::size_t unit, float value);
        /// The whole row of the current step.
        void set_row(std::span<const float> row);
        UnitCurves finish() &&;

    private:
        void end_step();

        std::size_t steps_;
        std::uint32_t step_ = 0;
        std::vector<float> current_;
        std::vector<std::uint32_t> stamp_;  ///< 1 + the step a unit was last set in
        std::vector<std::pair<std::uint32_t, float>> touched_;  ///< this step's units, with their value before it
        std::vector<std::pair<std::uint32_t, float>> log_;      ///< (unit, value) of every change, step by step
        std::vector<std::pair<std::uint32_t, std::size_t>> step_ends_;  ///< (step, end of its changes in log_)
    };

    /// The rows in step order, each whole, for readers that go step by step
    /// (tables, the ensemble's mean): the changes are put in step order once.
    class Rows {
    public:
        struct Moved {
            std::uint32_t unit;
            float before;
        };
        explicit Rows(const UnitCurves& series);
        /// Advances to the next step (0, 1, 2, …); returns its whole row.
        std::span<const float> next();
        /// The units whose value changed at the step last returned, ascending,
        /// with the value before (at step 0, every unit, before = its value).
        std::span<const Moved> moved() const { return moved_; }

    private:
        std::size_t steps_, step_ = 0;
        std::vector<std::uint64_t> step_offsets_;
        std::vector<std::pair<std::uint32_t, float>> by_step_;  ///< (unit, value), grouped by step, units ascending
        std::vector<float> row_;
        std::vector<Moved> moved_;
    };

private:
    std::size_t steps_ = 0;
    std::vector<std::uint64_t> offsets_;  ///< units + 1
    std::vector<Change> changes_;
};

}  // namespace cisim
