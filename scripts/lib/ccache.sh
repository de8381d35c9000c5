# Sourced by the scripts that configure a build: sets `launcher` to CMake's
# compiler-launcher arguments when ccache is installed (empty otherwise).
# ccache keeps rebuilds, and CI on a machine that built before, short; paths
# under the checkout ($root) are hashed relative to it, so a fresh clone in
# another folder hits the same cache.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache
            -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
fi
