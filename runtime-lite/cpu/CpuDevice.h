//===- CpuDevice.h - How the cpu backend runs a kernel ----------*- C++ -*-===//
//
// createCpuDevice (runtime-lite/device/Device.h) makes the cpu backend's
// Device; this header tells how a kernel it compiled runs the threads of a
// threadgroup, which depends on what the kernel calls, on checked mode and
// on CUMETAL_CPU_BARRIERS (docs/runtime.md), for tests and diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_CPUDEVICE_H
#define CUMETAL_RUNTIME_CPU_CPUDEVICE_H

#include <optional>

namespace cumetal::device {
class Kernel;
} // namespace cumetal::device

namespace cumetal::cpu {

enum class ThreadMode {
  Loop,    ///< no rendezvous point: one loop over the threads
  Regions, ///< barriers only: region by region (BarrierRegions.h)
  Fibers,  ///< SIMD-group operations, checked mode, or asked for
};

/// How \p K runs; nullopt for a kernel of another backend.
std::optional<ThreadMode> threadModeOf(const device::Kernel &K);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_CPUDEVICE_H
