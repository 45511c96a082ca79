// A relay in front of the simulator's HTTP(S) server that holds the contract's connection
// limits: per-address and total connection caps, the 10 s / 30 s deadlines, and a byte budget
// so that a 200 MB request line is never read whole.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace yiwang::platform_sim {

struct GateLimits {
  int max_connections = 256;  // open at once, all clients together
  int max_per_address = 32;   // open at once from one client address
  int idle_s = 10;            // no complete request within this (from connect or the last answer)
  int request_s = 30;         // one request, from its first byte to its answer
  // Bytes relayed before the server has read a request's head; beyond it the client is not
  // read from until the head (with its Content-Length) arrives, or the deadline closes it.
  std::size_t head_window = std::size_t{64} * 1024;
};

struct GateCounters {
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;    // over a connection cap
  std::uint64_t timed_out = 0;  // closed by a deadline
};

// The backend (httplib) tells the gate where each request stands. Connections are named by
// the port the gate's relay connection uses on the backend's side (httplib's remote_port).
class ConnectionGate {
 public:
  explicit ConnectionGate(GateLimits limits);
  ~ConnectionGate();
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Binds the public listener (0: any free port); returns the port or -1.
  int bind(const std::string& host, int port);
  // Relays every accepted connection to 127.0.0.1:backend_port until stop().
  void run(int backend_port);
  void stop();

  // The server read a request's head: the body may now be relayed (content_length bytes).
  // False for a connection that did not come through the gate.
  bool head_received(int relay_port, std::size_t content_length);
  // The server wrote its answer: the connection is idle again, or (close) ends once the answer
  // has reached the client.
  void answered(int relay_port, bool close);
  GateCounters counters();

 private:
  struct Connection;
  void accept_clients();
  void open_connection(int client, const std::string& address);
  void close_connection(Connection& connection);
  void pump(Connection& connection);
  void update_interest(Connection& connection);
  void check_deadlines(std::chrono::steady_clock::time_point now);

  GateLimits limits_;
  int listener_ = -1;
  int epoll_ = -1;
  int wake_ = -1;  // eventfd: stop(), and budgets raised from the server's threads
  int backend_port_ = 0;
  std::mutex mutex_;  // everything below; the relay thread holds it while it works
  bool stopping_ = false;
  std::map<int, std::unique_ptr<Connection>> connections_;  // by client fd
  std::unordered_map<int, Connection*> by_fd_;              // client and relay fds
  std::unordered_map<int, Connection*> by_relay_port_;
  std::map<std::string, int> per_address_;
  GateCounters counters_;
};

}  // namespace yiwang::platform_sim
