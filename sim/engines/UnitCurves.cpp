#include "engines/UnitCurves.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace cisim {

namespace {

// Bit for bit: a change from 0.0 to −0.0 is kept, so nothing prints differently.
bool differs(float a, float b) { return std::bit_cast<std::uint32_t>(a) != std::bit_cast<std::uint32_t>(b); }

}  // namespace

UnitCurves UnitCurves::from_dense(std::span<const float> values, std::size_t steps, std::size_t units) {
    if (values.size() != steps * units) throw std::invalid_argument("UnitCurves: the matrix is not steps × units");
    Recorder rec(units, steps);
    for (std::size_t k = 0; k < steps; ++k) {
        rec.begin_step(k);
        rec.set_row(values.subspan(k * units, units));
    }
    return std::move(rec).finish();
}

std::vector<float> UnitCurves::dense() const {
    const auto units = unit_count();
    std::vector<float> out(steps_ * units);
    std::vector<float> one(steps_);
    for (std::size_t u = 0; u < units; ++u) {
        curve(u, one);
        for (std::size_t k = 0; k < steps_; ++k) out[k * units + u] = one[k];
    }
    return out;
}

float UnitCurves::at(std::size_t step, std::size_t unit) const {
    const auto c = changes(unit);
    const auto after = std::upper_bound(c.begin(), c.end(), step, [](std::size_t k, const Change& x) { return k < x.step; });
    return std::prev(after)->value;  // the first change is at step 0
}

void UnitCurves::curve(std::size_t unit, std::span<float> out) const {
    const auto c = changes(unit);
    for (std::size_t i = 0; i < c.size(); ++i) {
        const std::size_t end = i + 1 < c.size() ? c[i + 1].step : out.size();
        std::fill(out.begin() + c[i].step, out.begin() + static_cast<std::ptrdiff_t>(end), c[i].value);
    }
}

void UnitCurves::keep_first_units(std::size_t n) {
    if (n >= unit_count()) return;
    if (n == 0) {
        *this = UnitCurves{};
        return;
    }
    changes_.resize(offsets_[n]);
    offsets_.resize(n + 1);
}

UnitCurves::Recorder::Recorder(std::size_t units, std::size_t steps, float initial)
    : steps_(steps), current_(units, initial), stamp_(units, 0) {}

void UnitCurves::Recorder::begin_step(std::size_t k) {
    if (k < step_ || k >= steps_) throw std::logic_error("UnitCurves::Recorder: steps go forward, within the run");
    if (k == step_) return;
    end_step();
    step_ = static_cast<std::uint32_t>(k);
}

void UnitCurves::Recorder::set(std::size_t unit, float value) {
    if (stamp_[unit] != step_ + 1) {
        stamp_[unit] = step_ + 1;
        if (step_ > 0) touched_.emplace_back(static_cast<std::uint32_t>(unit), current_[unit]);
    }
    current_[unit] = value;
}

void UnitCurves::Recorder::set_row(std::span<const float> row) {
    if (row.size() != current_.size()) throw std::invalid_argument("UnitCurves::Recorder: a row of the wrong length");
    for (std::size_t u = 0; u < row.size(); ++u) set(u, row[u]);
}

void UnitCurves::Recorder::end_step() {
    if (step_ == 0) {
        log_.reserve(current_.size());
        for (std::uint32_t u = 0; u < current_.size(); ++u) log_.emplace_back(u, current_[u]);
    } else {
        for (const auto& [u, before] : touched_)
            if (differs(current_[u], before)) log_.emplace_back(u, current_[u]);
        touched_.clear();
    }
    step_ends_.emplace_back(step_, log_.size());
}

UnitCurves UnitCurves::Recorder::finish() && {
    UnitCurves s;
    const auto units = current_.size();
    if (steps_ == 0 || units == 0) return s;
    end_step();
    // The recorder's own arrays go first: this is a run's memory peak.
    std::vector<float>().swap(current_);
    std::vector<std::uint32_t>().swap(stamp_);
    // Counting sort by unit; the log is in step order, so each unit's changes stay in it.
    s.steps_ = steps_;
    s.offsets_.assign(units + 1, 0);
    for (const auto& [u, value] : log_) ++s.offsets_[u + 1];
    for (std::size_t u = 0; u < units; ++u) s.offsets_[u + 1] += s.offsets_[u];
    s.changes_.resize(log_.size());
    std::vector<std::uint64_t> at(s.offsets_.begin(), s.offsets_.end() - 1);
    std::size_t i = 0;
    for (const auto& [step, end] : step_ends_)
        for (; i < end; ++i) s.changes_[at[log_[i].first]++] = {step, log_[i].second};
    return s;
}

UnitCurves::Rows::Rows(const UnitCurves& series)
    : steps_(series.steps_), step_offsets_(series.steps_ + 1, 0), by_step_(series.changes_.size()),
      row_(series.unit_count()) {
    for (const auto& c : series.changes_) ++step_offsets_[c.step + 1];
    for (std::size_t k = 0; k < steps_; ++k) step_offsets_[k + 1] += step_offsets_[k];
    std::vector<std::uint64_t> at(step_offsets_.begin(), step_offsets_.end() - 1);
    for (std::uint32_t u = 0; u < series.unit_count(); ++u)
        for (const auto& c : series.changes(u)) by_step_[at[c.step]++] = {u, c.value};
}

std::span<const float> UnitCurves::Rows::next() {
    if (step_ >= steps_) throw std::logic_error("UnitCurves::Rows: past the last step");
    const auto k = step_++;
    moved_.clear();
    for (auto i = step_offsets_[k]; i < step_offsets_[k + 1]; ++i) {
        const auto [u, value] = by_step_[i];
        moved_.push_back({u, k == 0 ? value : row_[u]});
        row_[u] = value;
    }
    return row_;
}

}  // namespace cisim
