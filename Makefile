# Thin wrapper over the CMake presets (SPEC §2). `make run` and `make test`
# install what is missing from Debian 12, build, and run.
DEB_PACKAGES := cmake g++ make libboost-graph-dev libeigen3-dev nlohmann-json3-dev \
  libvalijson-dev libcli11-dev catch2 libtbb-dev graphviz libbenchmark-dev \
  python3 python3-matplotlib python3-numpy python3-scipy python3-networkx fonts-noto-cjk chromium \
  libopenmpi-dev openmpi-bin clang libclang-rt-14-dev
DEB_PACKAGES += gmt gmt-gshhg-low chromium-driver  # report: map coastlines (GMT reads GSHHG offline), WebDriver report test
DEB_PACKAGES += pybind11-dev python3-pybind11 python3-dev python3-pytest python3-pandas python3-nbconvert python3-nbformat python3-ipykernel  # the Python package (sim/python), its tests and docs/example.ipynb
DEB_PACKAGES += help2man python3-jsonschema  # cisim.1 at build time; output JSON Schemas checked in ctest (issue 22)
DEB_PACKAGES += libssl-dev  # SHA-256 of the input files (OpenSSL libcrypto)
DEB_PACKAGES += time  # bench/compare.sh: whole-process peak RSS of cisim mc (GNU time)
DEB_PACKAGES += zlib1g-dev  # gzip copies of big models in result directories (sim/io/Gzip.cpp)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FLAGSHIP ?= scenarios/tokyo-inland-m73.json
OUT ?= out
# Seconds `make fuzz` runs each harness before it replays the regressions.
FUZZ_SECONDS ?= 60

.PHONY: deps build run test asan tsan fuzz bench clean

deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: missing Debian packages:$$missing (run as root, or: sudo apt-get install$$missing)" >&2; exit 1; fi; \
	  echo "installing:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

run: build
	./build/release/sim/cisim run $(FLAGSHIP) --out $(OUT)/flagship --force --plots

test: build
	ctest --preset release -j $(JOBS)

# The suite under ASan + UBSan (clang: it builds in about a third less time
# than GCC here, and the same build holds the fuzz harnesses), without the
# figures, the central case and the validation tables (Python over runs the
# goldens already make under ASan).
asan: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# The engine and Monte Carlo tests (every parallel path of the library) under
# ThreadSanitizer; the tsan test preset leaves out long single-threaded tests
# (the IIM's, and two engine ones: nothing for TSan to check there), and the
# large-network test runs only its two-thread run under TSan (the other builds compare it).
tsan: deps
	cmake --preset tsan
	cmake --build --preset tsan -j $(JOBS) --target cisim_engines_tests cisim_montecarlo_tests
	ctest --preset tsan -j $(JOBS)

# libFuzzer on model JSON, scenario JSON, GraphML and the model cache's
# entries, then the kept regressions. The harnesses are built in the asan
# preset's tree: after `make asan` only they are left to link.
fuzz: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS) --target cisim_fuzz_model cisim_fuzz_scenario cisim_fuzz_graphml cisim_fuzz_model_cache
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh

bench: deps
	cmake --preset bench
	cmake --build --preset bench -j $(JOBS) --target cisim cisim_workload cisim_bench
	bash bench/compare.sh

clean:
	rm -rf build out
