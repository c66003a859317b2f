#include "engines/Connectivity.hpp"

#include <algorithm>

namespace cisim {

std::vector<SectorGraph> network_sectors(const Model& model, const Network& net) {
    std::vector<SectorGraph> out;
    constexpr auto none = static_cast<std::uint32_t>(-1);
    // Local index of the units of the sector at hand (none elsewhere): a link's
    // far end is looked up here, not in its Unit (a cache miss per link).
    std::vector<std::uint32_t> local;
    for (std::uint32_t s = 0; s < net.sector_count(); ++s) {
        if (model.sectors[s].network == NetworkMode::none) continue;
        SectorGraph g;
        g.sector = s;
        g.mode = model.sectors[s].network;
        g.units.reserve(net.sector_offsets[s + 1] - net.sector_offsets[s]);
        for (auto k = net.sector_offsets[s]; k < net.sector_offsets[s + 1]; ++k)
            if (net.units[net.sector_units[k]].node >= 0) g.units.push_back(net.sector_units[k]);
        if (g.units.empty()) continue;  // a sector without assets has nothing to percolate
        if (!std::is_sorted(g.units.begin(), g.units.end())) std::sort(g.units.begin(), g.units.end());
        // Units of a sector mostly lie in one run of indices: then a far
        // end's local index is its offset in the run, no lookup needed.
        const auto size = static_cast<std::uint32_t>(g.units.size()), first = g.units.front();
        const bool run = g.units.back() - first + 1 == size;
        std::size_t links = net.link_offsets[g.units.back() + 1] - net.link_offsets[first];
        if (!run) {
            if (local.empty()) local.assign(net.size(), none);
            links = 0;
            for (std::uint32_t i = 0; i < size; ++i) {
                local[g.units[i]] = i;
                links += net.link_offsets[g.units[i] + 1] - net.link_offsets[g.units[i]];
            }
        }
        g.targets.reserve(links);
        g.offsets.assign(size + 1, 0);
        g.source.assign(size, 0);
        for (std::uint32_t i = 0; i < size; ++i) {
            const auto u = g.units[i];
            g.offsets[i] = static_cast<std::uint32_t>(g.targets.size());
            if (run) {
                for (auto l = net.link_offsets[u]; l < net.link_offsets[u + 1]; ++l)
                    if (const auto v = net.link_targets[l] - first; v < size) g.targets.push_back(v);
            } else {
                for (auto l = net.link_offsets[u]; l < net.link_offsets[u + 1]; ++l)
                    if (const auto v = local[net.link_targets[l]]; v != none) g.targets.push_back(v);
            }
            if (g.mode == NetworkMode::sources)  // giant mode has none: its nodes are not read again
                g.source[i] = model.nodes[static_cast<std::size_t>(net.units[u].node)].is_source ? 1 : 0;
        }
        g.offsets[size] = static_cast<std::uint32_t>(g.targets.size());
        if (!run)
            for (const auto u : g.units) local[u] = none;
        out.push_back(std::move(g));
    }
    return out;
}

void fed_nodes(const SectorGraph& g, const std::vector<char>& state, std::vector<char>& fed,
               ConnectivityScratch& scratch) {
    const auto n = static_cast<std::uint32_t>(g.size());
    fed.assign(n, 0);
    auto& queue = scratch.queue;
    queue.clear();
    // Seeds: the sources, or the giant component of the working nodes.
    if (g.mode == NetworkMode::giant) {
        auto& label = scratch.label;
        label.assign(n, 0);
        std::uint32_t best = 0, best_size = 0, next_label = 0;
        for (std::uint32_t i = 0; i < n; ++i) {
            if (state[i] != 2 || label[i] != 0) continue;
            const auto id = ++next_label;
            std::uint32_t size = 0;
            queue.clear();
            queue.push_back(i);
            label[i] = id;
            for (std::size_t h = 0; h < queue.size(); ++h) {
                const auto a = queue[h];
                ++size;
                for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l) {
                    const auto b = g.targets[l];
                    if (state[b] == 2 && label[b] == 0) {
                        label[b] = id;
                        queue.push_back(b);
                    }
                }
            }
            // Scanning in index order, the first of equal size holds the lowest index.
            if (size > best_size) {
                best_size = size;
                best = id;
            }
        }
        queue.clear();
        for (std::uint32_t i = 0; i < n; ++i)
            if (best != 0 && label[i] == best) {
                fed[i] = 1;
                queue.push_back(i);
            }
    } else {
        for (std::uint32_t i = 0; i < n; ++i)
            if (g.source[i] && state[i] != 0) {
                fed[i] = 1;
                if (state[i] == 2) queue.push_back(i);
            }
    }
    // Working fed nodes pass service on to every present neighbour.
    for (std::size_t h = 0; h < queue.size(); ++h) {
        const auto a = queue[h];
        for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l) {
            const auto b = g.targets[l];
            if (state[b] == 0 || fed[b]) continue;
            fed[b] = 1;
            if (state[b] == 2) queue.push_back(b);
        }
    }
}

FeedForest::FeedForest(const SectorGraph& graph) : FeedForest(graph, std::vector<char>(graph.size(), 2)) {}

FeedForest::FeedForest(const SectorGraph& graph, const std::vector<char>& states) : graph_(&graph) {
    const auto n = graph.size();
    state_ = states;
    target_ = states;
    fed_.assign(n, 0);
    changed_flag_.assign(n, 0);
    next_.assign(n, none);
    prev_.assign(n, none);
    if (graph.mode == NetworkMode::giant) {
        comp_.assign(n, none);
        size_.assign(n, 0);
        head_.assign(n + 1, none);
        giant_nb_.assign(n, 0);
        unfed_flag_.assign(n, 0);
        stamp_.assign(n, 0);
        search_.assign(n, 0);
        qnext_.assign(n, none);
        rfirst_.assign(n, none);
        rcount_.assign(n, 0);
        labelled_ = false;  // at the first update(), which in the engine comes with the step's damage
        return;
    }
    parent_.assign(n, none);
    first_child_.assign(n, none);
    for (std::uint32_t i = 0; i < n; ++i)
        if (graph.source[i] && state_[i] != 0) {
            attach(i, none);
            if (state_[i] == 2) queue_.push_back(i);
        }
    spread();
    update();  // lists the nodes no source reaches
}

void FeedForest::set_state(std::uint32_t i, char state) {
    target_[i] = state;
    if (changed_flag_[i]) return;
    changed_flag_[i] = 1;
    changed_.push_back(i);
}

void FeedForest::attach(std::uint32_t i, std::uint32_t parent) {
    fed_[i] = 1;
    if (state_[i] == 2) ++fed_working_;
    parent_[i] = parent;
    if (parent == none) return;
    prev_[i] = none;
    next_[i] = first_child_[parent];
    if (next_[i] != none) prev_[next_[i]] = i;
    first_child_[parent] = i;
}

void FeedForest::detach(std::uint32_t i) {
    if (const auto p = parent_[i]; p != none) {
        if (prev_[i] != none) next_[prev_[i]] = next_[i];
        else first_child_[p] = next_[i];
        if (next_[i] != none) prev_[next_[i]] = prev_[i];
    }
    stack_.assign(1, i);
    while (!stack_.empty()) {
        const auto a = stack_.back();
        stack_.pop_back();
        fed_[a] = 0;
        if (state_[a] == 2) --fed_working_;
        parent_[a] = none;
        loose_.push_back(a);
        for (auto c = first_child_[a]; c != none; c = next_[c]) stack_.push_back(c);
        first_child_[a] = none;
    }
}

void FeedForest::spread() {
    const auto& g = *graph_;
    for (std::size_t h = 0; h < queue_.size(); ++h) {
        const auto a = queue_[h];
        for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l) {
            const auto b = g.targets[l];
            if (state_[b] == 0 || fed_[b]) continue;
            attach(b, a);
            if (state_[b] == 2) queue_.push_back(b);
        }
    }
    queue_.clear();
}

// Why the fed set comes out as fed_nodes' (given that it was before): a fed
// node outside the taken-apart subtrees still has its path, since every node
// on it kept working (one that got worse took its subtree with it). A node
// that should be fed has a path from a source; the first node on it not fed
// here would follow a fed working node that either kept its state (then the
// node was fed before and not taken apart, or is examined below with that
// neighbour) or was queued (then the search reached the node).
void FeedForest::update() {
    if (graph_->mode == NetworkMode::giant) {
        update_giant();
        return;
    }
    const auto& g = *graph_;
    loose_.clear();
    for (const auto i : changed_)
        if (target_[i] < state_[i] && fed_[i]) detach(i);
    for (const auto i : changed_) {
        changed_flag_[i] = 0;
        const bool better = target_[i] > state_[i];
        if (fed_[i] && (state_[i] == 2) != (target_[i] == 2)) {
            // Only a fed node that got better is still fed here: it starts to work.
            if (target_[i] == 2) ++fed_working_;
            else --fed_working_;
        }
        state_[i] = target_[i];
        if (better) loose_.push_back(i);
    }
    changed_.clear();
    for (const auto i : loose_) {
        if (state_[i] == 0) continue;
        if (!fed_[i]) {
            if (g.source[i]) {
                attach(i, none);
            } else {
                for (auto l = g.offsets[i]; l < g.offsets[i + 1]; ++l) {
                    const auto b = g.targets[l];
                    if (fed_[b] && state_[b] == 2) {
                        attach(i, b);
                        break;
                    }
                }
            }
        }
        if (fed_[i] && state_[i] == 2) queue_.push_back(i);
    }
    spread();
    unfed_.clear();
    for (std::uint32_t i = 0; i < g.size(); ++i)
        if (state_[i] != 0 && !fed_[i]) unfed_.push_back(i);
}

// --- giant mode -------------------------------------------------------------

// Changes this large (in nodes) are labelled again from scratch: cheaper than
// following each.
constexpr std::size_t relabel_share = 4;  // more than n / relabel_share changes
// A component that lost nodes next to more than 1 / race_share of what is left
// is searched whole rather than raced.
constexpr std::size_t race_share = 16;
// When more nodes than 1 / recount_share of the giant left or joined it, the
// fed nodes are counted again from scratch.
constexpr std::size_t recount_share = 4;

void FeedForest::update_giant() {
    const auto n = graph_->size();
    left_.clear();
    joined_.clear();
    touched_.clear();
    removed_.clear();
    std::size_t started = 0;
    for (const auto i : changed_) {
        changed_flag_[i] = 0;
        if (target_[i] == state_[i]) continue;
        touched_.push_back(i);
        const bool worked = state_[i] == 2, works = target_[i] == 2;
        state_[i] = target_[i];
        if (worked && !works) removed_.emplace_back(comp_[i], i);
        else if (!worked && works) ++started;
    }
    changed_.clear();
    giant_lost_ = false;
    const bool full = !labelled_ || relabel_share * (removed_.size() + started) > n;
    labelled_ = true;
    if (full) {
        label_all();
    } else {
        // Nodes that stopped working leave their components; each component
        // that lost some is searched for its pieces from their working neighbours.
        // Grouped by component: lists through qnext_, each headed in rfirst_.
        affected_.clear();
        for (const auto& [c, i] : removed_) {
            move(i, none);
            if (rcount_[c] == 0) affected_.push_back(c);
            qnext_[i] = rcount_[c]++ == 0 ? none : rfirst_[c];
            rfirst_[c] = i;
        }
        const auto& g = *graph_;
        for (const auto c : affected_) {
            ++epoch_;
            seeds_.clear();
            for (auto i = rfirst_[c]; i != none; i = qnext_[i])
                for (auto l = g.offsets[i]; l < g.offsets[i + 1]; ++l)
                    if (const auto b = g.targets[l]; comp_[b] == c && stamp_[b] != epoch_) {
                        stamp_[b] = epoch_;
                        seeds_.push_back(b);
                    }
            set_size(c, size_[c] - rcount_[c]);
            rcount_[c] = 0;
            // Every piece left touches a node that left (the component was
            // connected). Many seeds: their searches would cover the rest anyway.
            if (seeds_.size() > 1 && (race_share * seeds_.size() > size_[c] || !race(c))) relabel_pieces(c);
        }
        for (const auto i : touched_)
            if (state_[i] == 2 && comp_[i] == none) join(i);
    }
    const auto before = giant_;
    giant_ = largest();
    fed_working_ = giant_ == none ? 0 : size_[giant_];
    // Counting again costs a pass over the sector and the giant's links;
    // following the moves, a few random reads and writes per link of each.
    const bool many_moved = recount_share * (left_.size() + joined_.size()) > fed_working_;
    if (full || giant_lost_ || giant_ != before || many_moved) count_fed();
    else recount_fed();
}

std::uint32_t FeedForest::new_component() {
    const auto c = free_.back();
    free_.pop_back();
    return c;
}

// Moves component c to the bucket of its new size; size 0 frees it.
void FeedForest::set_size(std::uint32_t c, std::uint32_t size) {
    if (const auto old = size_[c]; old > 0) {
        if (prev_[c] != none) next_[prev_[c]] = next_[c];
        else head_[old] = next_[c];
        if (next_[c] != none) prev_[next_[c]] = prev_[c];
    }
    size_[c] = size;
    if (size == 0) {
        free_.push_back(c);
        if (c == giant_) giant_lost_ = true;
        return;
    }
    prev_[c] = none;
    next_[c] = head_[size];
    if (next_[c] != none) prev_[next_[c]] = c;
    head_[size] = c;
    max_size_ = std::max(max_size_, size);
}

// Node i to component `to` (none: it stopped working), noting whether it
// leaves or joins the giant of the last update.
void FeedForest::move(std::uint32_t i, std::uint32_t to) {
    if (giant_ != none) {
        if (comp_[i] == giant_) left_.push_back(i);
        if (to == giant_) joined_.push_back(i);
    }
    comp_[i] = to;
}

// The nodes of component `from` connected to `start` move to `to`.
std::uint32_t FeedForest::relabel(std::uint32_t from, std::uint32_t start, std::uint32_t to) {
    const auto& g = *graph_;
    queue_.assign(1, start);
    move(start, to);
    for (std::size_t h = 0; h < queue_.size(); ++h) {
        const auto a = queue_[h];
        for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l)
            if (const auto b = g.targets[l]; comp_[b] == from) {
                move(b, to);
                queue_.push_back(b);
            }
    }
    const auto count = static_cast<std::uint32_t>(queue_.size());
    queue_.clear();
    return count;
}

void FeedForest::label_all() {
    const auto& g = *graph_;
    const auto n = static_cast<std::uint32_t>(g.size());
    std::fill(head_.begin(), head_.end(), none);
    std::fill(size_.begin(), size_.end(), 0);
    // Working nodes not reached yet are marked in comp_ itself, so that the
    // search reads one array per link (every one is labelled below).
    constexpr auto unlabelled = none - 1;
    for (std::uint32_t i = 0; i < n; ++i) comp_[i] = state_[i] == 2 ? unlabelled : none;
    free_.clear();
    for (auto c = n; c-- > 0;) free_.push_back(c);
    max_size_ = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (comp_[i] != unlabelled) continue;
        const auto c = new_component();
        comp_[i] = c;
        queue_.assign(1, i);
        for (std::size_t h = 0; h < queue_.size(); ++h) {
            const auto a = queue_[h];
            for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l)
                if (const auto b = g.targets[l]; comp_[b] == unlabelled) {
                    comp_[b] = c;
                    queue_.push_back(b);
                }
        }
        set_size(c, static_cast<std::uint32_t>(queue_.size()));
    }
    queue_.clear();
}

std::uint32_t FeedForest::find(std::uint32_t s) {
    while (root_[s] != s) s = root_[s] = root_[root_[s]];
    return s;
}

// Component c lost nodes; seeds_ holds its working neighbours of them. One
// search from each seed, advanced a node at a time in turn; searches that
// meet are one (their queues, linked lists through qnext_, joined); a search
// whose queue runs out has closed its piece. When one search is left, it is
// in the rest of c, which keeps the id; closed pieces get new ids. Gives up
// (false, nothing changed) once it has taken a quarter as many nodes as c has.
bool FeedForest::race(std::uint32_t c) {
    const auto& g = *graph_;
    const auto k = static_cast<std::uint32_t>(seeds_.size());
    root_.resize(k);
    head_q_.resize(k);
    tail_q_.resize(k);
    done_.assign(k, 0);
    found_.assign(k, 1);
    order_.resize(k);
    ++epoch_;
    for (std::uint32_t s = 0; s < k; ++s) {
        const auto seed = seeds_[s];
        root_[s] = order_[s] = s;
        head_q_[s] = tail_q_[s] = seed;
        qnext_[seed] = none;
        stamp_[seed] = epoch_;
        search_[seed] = s;
    }
    std::uint32_t open = k;
    std::size_t work = 0;
    const std::size_t budget = size_[c] / 4;
    while (open > 1) {
        std::size_t w = 0;
        for (std::size_t x = 0; x < order_.size() && open > 1; ++x) {
            const auto slot = order_[x];
            if (root_[slot] != slot || done_[slot]) continue;
            if (head_q_[slot] == none) {
                done_[slot] = 1;
                --open;
                continue;
            }
            if (++work > budget) return false;
            auto cur = slot;
            const auto a = head_q_[cur];
            head_q_[cur] = qnext_[a];
            if (head_q_[cur] == none) tail_q_[cur] = none;
            for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l) {
                const auto b = g.targets[l];
                if (comp_[b] != c) continue;
                if (stamp_[b] != epoch_) {
                    stamp_[b] = epoch_;
                    search_[b] = cur;
                    qnext_[b] = none;
                    if (tail_q_[cur] == none) head_q_[cur] = b;
                    else qnext_[tail_q_[cur]] = b;
                    tail_q_[cur] = b;
                    ++found_[cur];
                    continue;
                }
                const auto h = find(search_[b]);
                if (h == cur) continue;
                // One search now: the lower slot keeps both queues.
                const auto keep = std::min(cur, h), other = std::max(cur, h);
                root_[other] = keep;
                found_[keep] += found_[other];
                if (head_q_[other] != none) {
                    if (tail_q_[keep] == none) head_q_[keep] = head_q_[other];
                    else qnext_[tail_q_[keep]] = head_q_[other];
                    tail_q_[keep] = tail_q_[other];
                }
                --open;
                cur = keep;
            }
            if (root_[slot] == slot) order_[w++] = slot;
        }
        if (open > 1) order_.resize(w);
    }
    auto rest = size_[c];
    for (std::uint32_t s = 0; s < k; ++s) {
        if (root_[s] != s || !done_[s]) continue;
        const auto piece = new_component();
        set_size(piece, relabel(c, seeds_[s], piece));
        rest -= found_[s];
    }
    set_size(c, rest);
    return true;
}

// Component c lost nodes: the pieces searched one after the other from the
// seeds. A piece found to hold more than half of what is left is the largest
// and keeps the id: its search stops there, and a later search that runs into
// it is part of it. The pieces searched whole get new ids (or, when none is
// that large, all but the largest).
void FeedForest::relabel_pieces(std::uint32_t c) {
    const auto& g = *graph_;
    const auto half = size_[c] / 2;
    constexpr auto big = none;  // search_ of the nodes of the largest piece
    ++epoch_;
    order_.clear();
    found_.clear();  // where each piece searched whole starts in order_
    bool big_found = false;
    std::uint32_t small = 0;  // nodes in pieces searched whole
    for (const auto s : seeds_) {
        if (stamp_[s] == epoch_) continue;
        const auto begin = static_cast<std::uint32_t>(order_.size());
        const auto id = static_cast<std::uint32_t>(found_.size());
        stamp_[s] = epoch_;
        search_[s] = id;
        order_.push_back(s);
        bool joined_big = false;
        for (std::size_t h = begin; h < order_.size() && !joined_big; ++h) {
            if (!big_found && order_.size() - begin > half) {
                joined_big = big_found = true;
                break;
            }
            const auto a = order_[h];
            for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l) {
                const auto b = g.targets[l];
                if (comp_[b] != c) continue;
                if (stamp_[b] != epoch_) {
                    stamp_[b] = epoch_;
                    search_[b] = id;
                    order_.push_back(b);
                } else if (big_found && search_[b] == big) {
                    joined_big = true;
                    break;
                }
            }
        }
        if (joined_big) {
            for (auto h = begin; h < order_.size(); ++h) search_[order_[h]] = big;
            order_.resize(begin);  // its nodes keep c
            continue;
        }
        found_.push_back(begin);
        small += static_cast<std::uint32_t>(order_.size()) - begin;
    }
    found_.push_back(static_cast<std::uint32_t>(order_.size()));
    const auto pieces = found_.size() - 1;
    std::size_t keep = pieces;  // a piece searched whole that keeps c, when none was found large
    if (!big_found) {
        keep = 0;
        for (std::size_t p = 1; p < pieces; ++p)
            if (found_[p + 1] - found_[p] > found_[keep + 1] - found_[keep]) keep = p;
    }
    for (std::size_t p = 0; p < pieces; ++p) {
        if (p == keep) continue;
        const auto piece = new_component();
        for (auto h = found_[p]; h < found_[p + 1]; ++h) move(order_[h], piece);
        set_size(piece, found_[p + 1] - found_[p]);
    }
    set_size(c, big_found ? size_[c] - small : found_[keep + 1] - found_[keep]);
}

// Node i starts to work: the largest neighbouring component takes it and the others.
void FeedForest::join(std::uint32_t i) {
    const auto& g = *graph_;
    std::uint32_t best = none;
    for (auto l = g.offsets[i]; l < g.offsets[i + 1]; ++l)
        if (const auto c = comp_[g.targets[l]]; c != none && (best == none || size_[c] > size_[best])) best = c;
    if (best == none) {
        const auto c = new_component();
        move(i, c);
        set_size(c, 1);
        return;
    }
    move(i, best);
    auto total = size_[best] + 1;
    for (auto l = g.offsets[i]; l < g.offsets[i + 1]; ++l) {
        const auto b = g.targets[l];
        if (const auto c = comp_[b]; c != none && c != best) {
            total += relabel(c, b, best);
            set_size(c, 0);
        }
    }
    set_size(best, total);
}

// The largest component; of equal ones, the one holding the lowest index.
std::uint32_t FeedForest::largest() {
    while (max_size_ > 0 && head_[max_size_] == none) --max_size_;
    if (max_size_ == 0) return none;
    if (const auto c = head_[max_size_]; next_[c] == none) return c;
    for (std::uint32_t i = 0;; ++i)
        if (comp_[i] != none && size_[comp_[i]] == max_size_) return comp_[i];
}

void FeedForest::count_fed() {
    const auto& g = *graph_;
    const auto n = static_cast<std::uint32_t>(g.size());
    std::fill(giant_nb_.begin(), giant_nb_.end(), 0);
    if (giant_ != none)
        for (std::uint32_t i = 0; i < n; ++i)
            if (comp_[i] == giant_)
                for (auto l = g.offsets[i]; l < g.offsets[i + 1]; ++l) ++giant_nb_[g.targets[l]];
    unfed_.clear();
    for (std::uint32_t i = 0; i < n; ++i) {
        fed_[i] = state_[i] != 0 && ((giant_ != none && comp_[i] == giant_) || giant_nb_[i] > 0);
        unfed_flag_[i] = state_[i] != 0 && !fed_[i];
        if (unfed_flag_[i]) unfed_.push_back(i);
    }
}

// The giant is the same component: counts change around the nodes that left
// or joined it, fed states there and where states changed.
void FeedForest::recount_fed() {
    const auto& g = *graph_;
    for (const auto i : left_)
        for (auto l = g.offsets[i]; l < g.offsets[i + 1]; ++l) --giant_nb_[g.targets[l]];
    for (const auto i : joined_)
        for (auto l = g.offsets[i]; l < g.offsets[i + 1]; ++l) ++giant_nb_[g.targets[l]];
    ++epoch_;
    const auto listed = unfed_.size();
    auto check = [&](std::uint32_t i) {
        if (stamp_[i] == epoch_) return;
        stamp_[i] = epoch_;
        fed_[i] = state_[i] != 0 && ((giant_ != none && comp_[i] == giant_) || giant_nb_[i] > 0);
        if (state_[i] != 0 && !fed_[i] && !unfed_flag_[i]) {
            unfed_flag_[i] = 1;
            unfed_.push_back(i);
        }
    };
    for (const auto i : touched_) check(i);
    for (const auto* moved : {&left_, &joined_})
        for (const auto i : *moved) {
            check(i);
            for (auto l = g.offsets[i]; l < g.offsets[i + 1]; ++l) check(g.targets[l]);
        }
    // The list before this update is ascending: the new ones are sorted and
    // merged in, or, when many, the list is read off the flags in order.
    std::size_t w = 0;
    auto keep = [&](std::size_t x) {
        const auto i = unfed_[x];
        if (state_[i] != 0 && !fed_[i]) unfed_[w++] = i;
        else unfed_flag_[i] = 0;
    };
    for (std::size_t x = 0; x < listed; ++x) keep(x);
    const auto middle = static_cast<std::ptrdiff_t>(w);
    for (auto x = listed; x < unfed_.size(); ++x) keep(x);
    unfed_.resize(w);
    if (64 * (unfed_.size() - static_cast<std::size_t>(middle)) > g.size()) {
        unfed_.clear();
        for (std::uint32_t i = 0; i < g.size(); ++i)
            if (unfed_flag_[i]) unfed_.push_back(i);
        return;
    }
    std::sort(unfed_.begin() + middle, unfed_.end());
    std::inplace_merge(unfed_.begin(), unfed_.begin() + middle, unfed_.end());
}

}  // namespace cisim
