# Thin wrapper over the CMake presets (SPEC §2). `make run` and `make test`
# install what is missing from Debian 12, build, and run.
DEB_PACKAGES := cmake g++ make libboost-graph-dev libeigen3-dev nlohmann-json3-dev \
  libvalijson-dev libcli11-dev catch2 libtbb-dev graphviz libbenchmark-dev \
  python3 python3-matplotlib python3-numpy python3-scipy python3-networkx fonts-noto-cjk chromium \
  libopenmpi-dev openmpi-bin
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FLAGSHIP ?= scenarios/tokyo-inland-m73.json
OUT ?= out

.PHONY: deps build run test asan bench clean

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

asan: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

bench: deps
	cmake --preset bench
	cmake --build --preset bench -j $(JOBS) --target cisim cisim_workload cisim_bench
	bash bench/compare.sh

clean:
	rm -rf build out
