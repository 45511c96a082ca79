// kiosk: the self-service government terminal application.
#include <iostream>

#include "app/kiosk_app.h"
#include "app/maintenance.h"
#include "app/stop_signals.h"

int main(int argc, char** argv) {
  // Before any thread exists: SIGTERM and SIGINT reach the kiosk only as events.
  yiwang::kiosk::block_stop_signals();
  std::string error;
  auto options = yiwang::kiosk::parse_options(argc, argv, error);
  if (!options) {
    if (error == "help") {
      std::cout << yiwang::kiosk::usage_text();
      return 0;
    }
    std::cerr << "kiosk: " << error << "\n" << yiwang::kiosk::usage_text();
    return 2;
  }
  int exit_code = 0;
  if (yiwang::kiosk::run_maintenance(*options, std::cin, std::cout, exit_code)) return exit_code;
  auto app = yiwang::kiosk::KioskApp::create(*options, error);
  if (!app) {
    std::cerr << "kiosk: " << error << "\n";
    return 1;
  }
  return app->run();
}
