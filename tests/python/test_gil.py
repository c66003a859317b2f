"""Long calls release the GIL: a Python thread keeps running meanwhile."""
import threading
import time

import cisim

# Long enough to see (a few tenths of a second), short enough for CI.
SCENARIO = "scenarios/kddi-2022-mobile-core.json"


def largest_stall(call):
    """Runs call() while another thread notes the time in a loop; returns the
    longest pause of that thread during the call and the call's duration."""
    stop, started = threading.Event(), threading.Event()
    stamps = []

    def tick():
        started.set()
        while not stop.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0)

    thread = threading.Thread(target=tick)
    thread.start()
    started.wait()
    begin = time.perf_counter()
    call()
    end = time.perf_counter()
    stop.set()
    thread.join()
    during = [begin] + [s for s in stamps if begin <= s <= end] + [end]
    return max(b - a for a, b in zip(during, during[1:])), end - begin


def test_mc_releases_the_gil():
    stall, took = largest_stall(lambda: cisim.mc(SCENARIO, samples=40, seed=1))
    assert took > 0.1, "too short to tell; raise the samples"
    # Holding the GIL, the thread would stop for the whole call.
    assert stall < took / 2, f"the other thread stalled {stall:.3f} s of {took:.3f} s"


def test_run_releases_the_gil():
    # Five days at a fine step: the engine's time dominates (about 0.3 s; at 0.01 h it took 0.15 s,
    # and under load sometimes under the 0.1 s needed to tell).
    scenario = cisim.load_scenario(SCENARIO).to_dict()
    scenario["model"] = "models/japan-ci.json"
    scenario["step_h"] = 0.004
    stall, took = largest_stall(lambda: cisim.run(scenario))
    assert took > 0.1, "too short to tell; refine the step"
    assert stall < took / 2, f"the other thread stalled {stall:.3f} s of {took:.3f} s"
