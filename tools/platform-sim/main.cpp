// platform-sim: the reference implementation of the kiosk gateway API, for demos and tests.
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "platform_server.h"

namespace {

void usage() {
  std::cerr << "usage: platform-sim --catalog FILE [--db FILE] [--host 127.0.0.1] [--port N|0]\n"
               "         [--port-file FILE] [--control-port N|0] [--control-port-file FILE]\n"
               "         [--max-connections N] [--max-connections-per-address N]\n"
               "         [--latency-ms N] [--error-rate R] [--drop-rate R]\n"
               "         [--malformed-rate R]\n"
               "  HTTPS with its own CA and mutual TLS (enrollment issues terminal certificates):\n"
               "         [--tls-dir DIR] [--tls-name NAME ...] [--public-url URL]\n"
               "         [--enroll-token TOKEN ...] [--provisioning-file FILE]\n"
               "         [--client-cert-days N (negative: issue expired certificates)]\n"
               "         [--renewed-cert-days N (what a renewal issues; default 365)]\n";
}

}  // namespace

int run(int argc, char** argv) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  std::string catalog_path, db_path = "platform-sim.db", host = "127.0.0.1", port_file;
  std::string control_port_file;
  int port = 8780;
  int control_port = 0;  // the control surface (/_sim/*) is on its own loopback port
  yiwang::platform_sim::GateLimits gate;
  std::string tls_dir, public_url, provisioning_file;
  std::vector<std::string> tls_names, enroll_tokens;
  long client_cert_days = 365;
  long renewed_cert_days = 365;
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
    else if (arg == "--control-port")
      control_port = std::stoi(next());
    else if (arg == "--control-port-file")
      control_port_file = next();
    else if (arg == "--max-connections")
      gate.max_connections = std::stoi(next());
    else if (arg == "--max-connections-per-address")
      gate.max_per_address = std::stoi(next());
    else if (arg == "--latency-ms")
      faults.latency_ms = std::stoi(next());
    else if (arg == "--error-rate")
      faults.error_rate = std::stod(next());
    else if (arg == "--drop-rate")
      faults.drop_rate = std::stod(next());
    else if (arg == "--malformed-rate")
      faults.malformed_rate = std::stod(next());
    else if (arg == "--tls-dir")
      tls_dir = next();
    else if (arg == "--tls-name")
      tls_names.push_back(next());
    else if (arg == "--public-url")
      public_url = next();
    else if (arg == "--enroll-token")
      enroll_tokens.push_back(next());
    else if (arg == "--provisioning-file")
      provisioning_file = next();
    else if (arg == "--client-cert-days")
      client_cert_days = std::stol(next());
    else if (arg == "--renewed-cert-days")
      renewed_cert_days = std::stol(next());
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
  std::optional<yiwang::platform_sim::SimPki> pki;
  yiwang::platform_sim::TlsSettings tls;
  if (!tls_dir.empty()) {
    for (const char* name : {"127.0.0.1", "localhost"}) tls_names.emplace_back(name);
    if (host != "127.0.0.1" && host != "0.0.0.0") tls_names.insert(tls_names.begin(), host);
    std::string error;
    pki = yiwang::platform_sim::SimPki::load_or_create(tls_dir, tls_names, error);
    if (!pki) {
      std::cerr << "platform-sim: " << error << "\n";
      return 1;
    }
    tls.pki = &*pki;
    tls.client_cert_to_s = client_cert_days * 24 * 3600;
    if (client_cert_days < 0) tls.client_cert_from_s = 2 * tls.client_cert_to_s;
    tls.renewed_cert_to_s = renewed_cert_days * 24 * 3600;
  }
  for (const auto& token : enroll_tokens) store.add_token(token, std::time(nullptr) + 86400LL);
  yiwang::platform_sim::PlatformServer server(store, fault_switches, catalog, tls, gate);
  const int bound = server.bind(host, port);
  if (bound <= 0) {
    std::cerr << "platform-sim: cannot listen on " << host << ":" << port << "\n";
    return 1;
  }
  const int control_bound = server.bind_control(control_port);
  if (control_bound <= 0) {
    std::cerr << "platform-sim: cannot listen on 127.0.0.1:" << control_port << "\n";
    return 1;
  }
  const std::string scheme = pki ? "https" : "http";
  server.set_public_url(public_url.empty()
                            ? scheme + "://" + (tls_names.empty() ? host : tls_names.front()) +
                                  ":" + std::to_string(bound)
                            : public_url);
  if (!provisioning_file.empty()) {
    std::ofstream out(provisioning_file + ".tmp");
    for (const auto& token : enroll_tokens) out << server.provisioning_code(token) << "\n";
    out.close();
    std::rename((provisioning_file + ".tmp").c_str(), provisioning_file.c_str());
  }
  // The control port's file first: whoever waits for the port file may use both at once.
  if (!control_port_file.empty()) {
    std::ofstream(control_port_file + ".tmp") << control_bound << "\n";
    std::rename((control_port_file + ".tmp").c_str(), control_port_file.c_str());
  }
  if (!port_file.empty()) {
    std::ofstream(port_file + ".tmp") << bound << "\n";
    std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  }
  std::cout << "platform-sim: listening on " << scheme << "://" << host << ":" << bound << " ("
            << catalog["items"].size() << " items); control on http://127.0.0.1:" << control_bound
            << std::endl;
  // Signals are taken synchronously on this thread; the server runs on its own.
  std::thread serving([&server] { server.serve(); });
  std::thread controlling([&server] { server.serve_control(); });
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  // httplib's stop() does nothing to a server not yet listening: a signal that arrives right
  // after start-up (a test stopping it at once) would otherwise leave it listening for ever.
  for (int i = 0; i < 5000 && !server.running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server.stop();
  serving.join();
  controlling.join();
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
