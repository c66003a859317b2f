#pragma once
// affected.geojson (SPEC §8): the assets a run impaired, with their worst
// state, for QGIS and web maps. RFC 7946 GeoJSON: a FeatureCollection of
// Points, coordinates [longitude, latitude] in WGS 84.
//
// A node is listed when it has coordinates and its operability fell below
// 0.99 at some recorded step. Properties: id, name, sector, class, region,
// worst_operability (minimum), first_impact_h (first step below 0.99),
// time_to_recover_h (the step after the last one below 0.99; null when still
// impaired at the horizon) — the same definitions as analysis/Scoring.hpp.
// With the scenario's hazard rows (hazards/HazardReport.hpp), also
// jma_intensity (the highest over the scenario's earthquakes) and p_slight,
// p_moderate, p_extensive, p_complete: P(damage state) under the earthquake
// with the highest PGA at the asset (Hazus curves rise with PGA, so that
// event's exceedance probabilities are the highest for every state); null
// for an asset no earthquake shook.
// Without per-node series in the Result, the collection is empty.
#include <string>
#include <vector>

#include "engines/Result.hpp"
#include "hazards/HazardReport.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"

namespace cisim {

/// The affected assets of `result` as a GeoJSON FeatureCollection (text, ends with a newline).
std::string affected_geojson(const Model& model, const Network& network, const Result& result,
                             const std::vector<AssetHazard>* hazards = nullptr);

}  // namespace cisim
