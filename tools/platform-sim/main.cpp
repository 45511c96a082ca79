// platform-sim: the reference implementation of the kiosk gateway API, for demos and tests.
#include <csignal>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "platform_server.h"

namespace {

void usage() {
  std::cerr << "usage: platform-sim --catalog FILE [--db FILE] [--host 127.0.0.1] [--port N|0]\n"
               "         [--port-file FILE] [--latency-ms N] [--error-rate R] [--drop-rate R]\n"
               "         [--malformed-rate R]\n";
}

}  // namespace

int run(int argc, char** argv) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  std::string catalog_path, db_path = "platform-sim.db", host = "127.0.0.1", port_file;
  int port = 8780;
  yiwang::platform_sim::FaultSettings faults;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--catalog")
      catalog_path = next();
    else if (arg == "--db")
      db_path = next();
    else if (arg == "--host")
      host = next();
    else if (arg == "--port")
      port = std::stoi(next());
    else if (arg == "--port-file")
      port_file = next();
    else if (arg == "--latency-ms")
      faults.latency_ms = std::stoi(next());
    else if (arg == "--error-rate")
      faults.error_rate = std::stod(next());
    else if (arg == "--drop-rate")
      faults.drop_rate = std::stod(next());
    else if (arg == "--malformed-rate")
      faults.malformed_rate = std::stod(next());
    else {
      usage();
      return 2;
    }
  }
  if (catalog_path.empty()) {
    usage();
    return 2;
  }
  std::ifstream catalog_file(catalog_path);
  auto catalog = nlohmann::json::parse(catalog_file, nullptr, false);
  if (catalog.is_discarded() || !catalog.contains("items")) {
    std::cerr << "platform-sim: " << catalog_path << " is not a catalog\n";
    return 1;
  }
  yiwang::platform_sim::SimStore store(db_path);
  if (!store.ok()) {
    std::cerr << "platform-sim: cannot open " << db_path << "\n";
    return 1;
  }
  yiwang::platform_sim::Faults fault_switches(faults);
  yiwang::platform_sim::PlatformServer server(store, fault_switches, catalog);
  const int bound = server.bind(host, port);
  if (bound <= 0) {
    std::cerr << "platform-sim: cannot listen on " << host << ":" << port << "\n";
    return 1;
  }
  if (!port_file.empty()) {
    std::ofstream(port_file + ".tmp") << bound << "\n";
    std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  }
  std::cout << "platform-sim: listening on http://" << host << ":" << bound << " ("
            << catalog["items"].size() << " items)" << std::endl;
  // Signals are taken synchronously on this thread; the server runs on its own.
  std::thread serving([&server] { server.serve(); });
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  server.stop();
  serving.join();
  std::cout << "platform-sim: stopped" << std::endl;
  return 0;
}

// Bad numbers on the command line (std::stoi) end here with a message, not std::terminate.
int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "platform-sim: " << e.what() << "\n";
    return 2;
  }
}
