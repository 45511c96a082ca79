// ConnectionGate: one epoll thread relays bytes both ways and enforces caps, deadlines, budgets.
#include "connection_gate.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace yiwang::platform_sim {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kChunk = std::size_t{16} * 1024;

// One direction of a relay: bytes read from one side, not yet written to the other.
struct Pending {
  std::string bytes;
  std::size_t offset = 0;
  bool empty() const { return offset >= bytes.size(); }
};

}  // namespace

struct ConnectionGate::Connection {
  int client = -1;
  int relay = -1;  // to the backend
  int relay_port = 0;
  std::string address;
  bool relay_connected = false;
  bool client_eof = false;
  bool relay_eof = false;
  bool relay_write_shut = false;
  Pending to_relay;
  Pending to_client;
  enum class Phase { idle, request, head_read } phase = Phase::idle;
  Clock::time_point idle_since = Clock::now();
  Clock::time_point request_started;
  std::uint64_t relayed = 0;  // client -> backend, all requests
  std::uint64_t request_start = 0;
  std::uint64_t allowed = 0;  // relay no further than this
};

ConnectionGate::ConnectionGate(GateLimits limits)
    : limits_(limits), epoll_(epoll_create1(EPOLL_CLOEXEC)), wake_(eventfd(0, EFD_NONBLOCK)) {}

ConnectionGate::~ConnectionGate() {
  for (auto& [fd, connection] : connections_) {
    ::close(connection->client);
    if (connection->relay >= 0) ::close(connection->relay);
  }
  if (listener_ >= 0) ::close(listener_);
  if (epoll_ >= 0) ::close(epoll_);
  if (wake_ >= 0) ::close(wake_);
}

int ConnectionGate::bind(const std::string& host, int port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listener_ < 0) return -1;
  const int yes = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host.c_str(), &address.sin_addr) !=
          1 ||
      ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 1024) != 0) {
    return -1;
  }
  socklen_t length = sizeof address;
  getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

void ConnectionGate::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  const std::uint64_t one = 1;
  (void)!::write(wake_, &one, sizeof one);
}

GateCounters ConnectionGate::counters() {
  std::lock_guard lock(mutex_);
  return counters_;
}

bool ConnectionGate::head_received(int relay_port, std::size_t content_length) {
  {
    std::lock_guard lock(mutex_);
    const auto found = by_relay_port_.find(relay_port);
    if (found == by_relay_port_.end()) return false;
    Connection& connection = *found->second;
    connection.phase = Connection::Phase::head_read;
    // The head fits the window; the body may follow, with room for TLS record overhead.
    const std::uint64_t body = content_length + content_length / 32 + 4096;
    connection.allowed =
        std::max(connection.allowed, connection.request_start + limits_.head_window + body);
  }
  const std::uint64_t one = 1;
  (void)!::write(wake_, &one, sizeof one);
  return true;
}

void ConnectionGate::answered(int relay_port, bool close) {
  {
    std::lock_guard lock(mutex_);
    const auto found = by_relay_port_.find(relay_port);
    if (found == by_relay_port_.end()) return;
    Connection& connection = *found->second;
    if (close) {
      // Nothing more of this client reaches the server: it reads the end of the stream, closes
      // its side, and the gate closes the client's once the answer has been passed on.
      connection.client_eof = true;
      connection.to_relay = {};
      if (!connection.relay_write_shut) ::shutdown(connection.relay, SHUT_WR);
      connection.relay_write_shut = true;
    }
    connection.phase = Connection::Phase::idle;
    connection.idle_since = Clock::now();
    connection.request_start = connection.relayed;
    connection.allowed = std::max(connection.allowed, connection.relayed + limits_.head_window);
  }
  const std::uint64_t one = 1;
  (void)!::write(wake_, &one, sizeof one);
}

void ConnectionGate::run(int backend_port) {
  backend_port_ = backend_port;
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = listener_;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, listener_, &event);
  event.data.fd = wake_;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
  std::vector<epoll_event> events(256);
  while (true) {
    const int ready = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    for (int i = 0; i < ready; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == listener_) {
        accept_clients();
      } else if (fd == wake_) {
        std::uint64_t count = 0;
        (void)!::read(wake_, &count, sizeof count);
        // Budgets may have grown: every connection gets a chance to read again.
        for (auto& [client, connection] : connections_) update_interest(*connection);
      } else if (const auto found = by_fd_.find(fd); found != by_fd_.end()) {
        Connection& connection = *found->second;
        const auto happened = events[static_cast<std::size_t>(i)].events;
        // A client that reset or hung up is gone; an error on either side ends the relay. (A
        // hang-up of the server side still has its last bytes to pass on: pump reads them.)
        const bool client_gone = fd == connection.client && (happened & (EPOLLERR | EPOLLHUP));
        if (client_gone || (happened & EPOLLERR)) {
          close_connection(connection);
        } else {
          pump(connection);
        }
      }
    }
    check_deadlines(Clock::now());
  }
}

void ConnectionGate::accept_clients() {
  while (true) {
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    const int client = accept4(listener_, reinterpret_cast<sockaddr*>(&peer), &length,
                               SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (client < 0) return;  // EAGAIN, or out of descriptors: the backlog holds the rest
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text);
    const std::string address = text;
    if (static_cast<int>(connections_.size()) >= limits_.max_connections ||
        per_address_[address] >= limits_.max_per_address) {
      ++counters_.refused;
      ::close(client);
      continue;
    }
    open_connection(client, address);
  }
}

void ConnectionGate::open_connection(int client, const std::string& address) {
  const int relay = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in backend{};
  backend.sin_family = AF_INET;
  backend.sin_port = htons(static_cast<std::uint16_t>(backend_port_));
  backend.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (relay < 0 || (::connect(relay, reinterpret_cast<sockaddr*>(&backend), sizeof backend) != 0 &&
                    errno != EINPROGRESS)) {
    if (relay >= 0) ::close(relay);
    ::close(client);
    ++counters_.refused;
    return;
  }
  const int yes = 1;
  setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  setsockopt(relay, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  sockaddr_in local{};
  socklen_t length = sizeof local;
  getsockname(relay, reinterpret_cast<sockaddr*>(&local), &length);
  auto connection = std::make_unique<Connection>();
  connection->client = client;
  connection->relay = relay;
  connection->relay_port = ntohs(local.sin_port);
  connection->address = address;
  connection->allowed = limits_.head_window;
  Connection* raw = connection.get();
  connections_[client] = std::move(connection);
  by_fd_[client] = raw;
  by_fd_[relay] = raw;
  by_relay_port_[raw->relay_port] = raw;
  ++per_address_[address];
  ++counters_.accepted;
  epoll_event event{};
  event.data.fd = client;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, client, &event);
  event.data.fd = relay;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, relay, &event);
  update_interest(*raw);
}

void ConnectionGate::close_connection(Connection& connection) {
  const int client = connection.client;
  epoll_ctl(epoll_, EPOLL_CTL_DEL, client, nullptr);
  epoll_ctl(epoll_, EPOLL_CTL_DEL, connection.relay, nullptr);
  ::close(client);
  ::close(connection.relay);
  by_fd_.erase(client);
  by_fd_.erase(connection.relay);
  by_relay_port_.erase(connection.relay_port);
  if (--per_address_[connection.address] <= 0) per_address_.erase(connection.address);
  connections_.erase(client);  // connection is gone after this line
}

namespace {

// Writes what is pending; false when the peer is gone.
bool flush(int fd, Pending& pending) {
  while (!pending.empty()) {
    const ssize_t n = ::send(fd, pending.bytes.data() + pending.offset,
                             pending.bytes.size() - pending.offset, MSG_NOSIGNAL);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    pending.offset += static_cast<std::size_t>(n);
  }
  pending.bytes.clear();
  pending.offset = 0;
  return true;
}

// Reads up to limit bytes into an empty pending buffer. 0: end of stream, -1: error, -2: none.
ssize_t fill(int fd, Pending& pending, std::size_t limit) {
  pending.bytes.resize(std::min(kChunk, limit));
  pending.offset = 0;
  const ssize_t n = ::recv(fd, pending.bytes.data(), pending.bytes.size(), 0);
  if (n < 0) {
    pending.bytes.clear();
    return errno == EAGAIN || errno == EWOULDBLOCK ? -2 : -1;
  }
  pending.bytes.resize(static_cast<std::size_t>(n));
  return n;
}

}  // namespace

void ConnectionGate::pump(Connection& connection) {
  if (!connection.relay_connected) {
    // Connected once the socket is writable; until then nothing is relayed.
    pollfd writable{connection.relay, POLLOUT, 0};
    if (::poll(&writable, 1, 0) != 1) return update_interest(connection);
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(connection.relay, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return close_connection(connection);
    connection.relay_connected = true;
  }
  bool progress = true;
  while (progress) {
    progress = false;
    // Client -> backend, within the budget.
    if (!flush(connection.relay, connection.to_relay)) return close_connection(connection);
    if (connection.to_relay.empty() && !connection.client_eof &&
        connection.relayed < connection.allowed) {
      const ssize_t n = fill(connection.client, connection.to_relay,
                             static_cast<std::size_t>(connection.allowed - connection.relayed));
      if (n == -1) return close_connection(connection);
      if (n == 0) connection.client_eof = true;
      if (n > 0) {
        if (connection.phase == Connection::Phase::idle) {
          connection.phase = Connection::Phase::request;
          connection.request_started = Clock::now();
        }
        connection.relayed += static_cast<std::uint64_t>(n);
        progress = true;
      }
    }
    if (connection.client_eof && connection.to_relay.empty() && !connection.relay_write_shut) {
      ::shutdown(connection.relay, SHUT_WR);
      connection.relay_write_shut = true;
    }
    // Backend -> client.
    if (!flush(connection.client, connection.to_client)) return close_connection(connection);
    if (connection.to_client.empty() && !connection.relay_eof) {
      const ssize_t n = fill(connection.relay, connection.to_client, kChunk);
      if (n == -1) return close_connection(connection);
      if (n == 0) {
        // Nothing more will come from the server; its hang-up must not wake the loop again.
        connection.relay_eof = true;
        epoll_ctl(epoll_, EPOLL_CTL_DEL, connection.relay, nullptr);
      }
      if (n > 0) progress = true;
    }
  }
  // The backend closed and everything it said has reached the client: done.
  if (connection.relay_eof && connection.to_client.empty()) return close_connection(connection);
  if (connection.client_eof && connection.relay_eof) return close_connection(connection);
  update_interest(connection);
}

void ConnectionGate::update_interest(Connection& connection) {
  epoll_event event{};
  event.data.fd = connection.client;
  event.events = 0;
  if (connection.to_relay.empty() && !connection.client_eof &&
      connection.relayed < connection.allowed) {
    event.events |= EPOLLIN;
  }
  if (!connection.to_client.empty()) event.events |= EPOLLOUT;
  epoll_ctl(epoll_, EPOLL_CTL_MOD, connection.client, &event);
  if (connection.relay_eof) return;  // no longer watched
  event.data.fd = connection.relay;
  event.events = 0;
  if (!connection.relay_connected || !connection.to_relay.empty()) event.events |= EPOLLOUT;
  if (connection.to_client.empty() && !connection.relay_eof) event.events |= EPOLLIN;
  epoll_ctl(epoll_, EPOLL_CTL_MOD, connection.relay, &event);
}

void ConnectionGate::check_deadlines(Clock::time_point now) {
  std::vector<Connection*> expired;
  const auto idle = std::chrono::seconds(limits_.idle_s);
  const auto request = std::chrono::seconds(limits_.request_s);
  for (auto& [client, connection] : connections_) {
    const bool late =
        (connection->phase == Connection::Phase::idle && now - connection->idle_since > idle) ||
        (connection->phase == Connection::Phase::request &&
         now - connection->request_started > idle) ||
        (connection->phase == Connection::Phase::head_read &&
         now - connection->request_started > request);
    if (late) expired.push_back(connection.get());
  }
  for (Connection* connection : expired) {
    ++counters_.timed_out;
    close_connection(*connection);
  }
}

}  // namespace yiwang::platform_sim
