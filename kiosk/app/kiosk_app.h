// Wires the kiosk together (devices, outbox, platform, flow, screens) and runs the SDL event loop.
#pragma once

#include <memory>
#include <string>

#include "app/options.h"

namespace yiwang::kiosk {

class KioskApp {
 public:
  // Returns nullptr with error set when something needed cannot be had (font, database...).
  static std::unique_ptr<KioskApp> create(const Options& options, std::string& error);
  ~KioskApp();
  KioskApp(const KioskApp&) = delete;
  KioskApp& operator=(const KioskApp&) = delete;

  // Runs until quit (or the script ends). The process exit code.
  int run();

  struct Parts;

 private:
  explicit KioskApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace yiwang::kiosk
