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
// Without per-node series in the Result, the collection is empty.
#include <string>

#include "engines/Result.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"

namespace cisim {

/// The affected assets of `result` as a GeoJSON FeatureCollection (text, ends with a newline).
std::string affected_geojson(const Model& model, const Network& network, const Result& result);

}  // namespace cisim
