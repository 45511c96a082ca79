// VirtualPrinterServer: one client at a time, like a network printer; a wake pipe stops it.
#include "receipt/sim/printer_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace yiwang::drivers {

Result<std::unique_ptr<VirtualPrinterServer>, std::string> VirtualPrinterServer::start(
    PrinterServerOptions options) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(options.port));
  if (::inet_pton(AF_INET, options.host.c_str(), &address.sin_addr) != 1) {
    ::close(fd);
    return fail("not an IPv4 address: " + options.host);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 4) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return fail("virtual printer cannot listen on " + options.host + ":" +
                std::to_string(options.port) + ": " + why);
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    ::close(fd);
    return fail(std::string("pipe: ") + std::strerror(errno));
  }
  return std::unique_ptr<VirtualPrinterServer>(new VirtualPrinterServer(
      std::move(options), fd, pipe_fds[0], pipe_fds[1], ntohs(address.sin_port)));
}

namespace {
// The character grid wraps at the narrower of the personality's paper and the drawn paper.
PrinterPersonality on_paper(const PrinterServerOptions& options) {
  PrinterPersonality personality = options.personality;
  personality.paper_dots = std::min(personality.paper_dots, options.render.paper_dots);
  return personality;
}
}  // namespace

VirtualPrinterServer::VirtualPrinterServer(PrinterServerOptions options, int listen_fd,
                                           int wake_read, int wake_write, int port)
    : options_(std::move(options)),
      listen_fd_(listen_fd),
      wake_read_(wake_read),
      wake_write_(wake_write),
      port_(port),
      machine_(on_paper(options_)),
      last_advance_(std::chrono::steady_clock::now()) {
  if (options_.personality.drop_after_bytes > 0)
    drop_after_ = options_.personality.drop_after_bytes;
  thread_ = std::thread([this] { run(); });
}

VirtualPrinterServer::~VirtualPrinterServer() {
  stopping_ = true;
  const char byte = 'q';
  [[maybe_unused]] auto n = ::write(wake_write_, &byte, 1);
  thread_.join();
  ::close(listen_fd_);
  ::close(wake_read_);
  ::close(wake_write_);
}

std::string VirtualPrinterServer::address() const {
  return "tcp://" + options_.host + ":" + std::to_string(port_);
}

void VirtualPrinterServer::after_change() {
  std::vector<std::uint8_t> replies;
  machine_.resume(replies);
  if (client_ >= 0 && !replies.empty() && !silent_) [[maybe_unused]]
    auto n = ::send(client_, replies.data(), replies.size(), MSG_NOSIGNAL);
  store_pages();
  changed_.notify_all();
}

void VirtualPrinterServer::set_paper(PaperState paper) {
  std::lock_guard lock(mutex_);
  machine_.set_paper(paper);
  after_change();
}
void VirtualPrinterServer::paper_out_after_lines(int lines) {
  std::lock_guard lock(mutex_);
  machine_.paper_out_after_lines(lines);
}
void VirtualPrinterServer::set_cover_open(bool open) {
  std::lock_guard lock(mutex_);
  machine_.set_cover_open(open);
  after_change();
}
void VirtualPrinterServer::set_cutter_jammed(bool jammed) {
  std::lock_guard lock(mutex_);
  machine_.set_cutter_jammed(jammed);
  after_change();
}
void VirtualPrinterServer::drop_connection_after(std::size_t bytes) {
  std::lock_guard lock(mutex_);
  drop_after_ = bytes;
}
void VirtualPrinterServer::set_silent(bool silent) {
  std::lock_guard lock(mutex_);
  silent_ = silent;
}

std::vector<Page> VirtualPrinterServer::pages() const {
  std::lock_guard lock(mutex_);
  return pages_;
}
std::vector<std::string> VirtualPrinterServer::files() const {
  std::lock_guard lock(mutex_);
  return files_;
}
Page VirtualPrinterServer::page_in_printer() const {
  std::lock_guard lock(mutex_);
  return machine_.current_page();
}
std::size_t VirtualPrinterServer::connections() const {
  std::lock_guard lock(mutex_);
  return connections_;
}
std::vector<std::string> VirtualPrinterServer::problems() const {
  std::lock_guard lock(mutex_);
  auto all = problems_;
  all.insert(all.end(), machine_.unknown_commands().begin(), machine_.unknown_commands().end());
  return all;
}

std::optional<std::chrono::steady_clock::time_point> VirtualPrinterServer::first_print_byte_after(
    std::chrono::steady_clock::time_point since) const {
  std::lock_guard lock(mutex_);
  for (const auto& t : print_arrivals_)
    if (t >= since) return t;
  return std::nullopt;
}

namespace {
// True when the chunk holds only DLE EOT n requests (the driver's status polling).
bool only_status_requests(const std::uint8_t* bytes, std::size_t n) {
  if (n % 3 != 0) return false;
  for (std::size_t i = 0; i < n; i += 3)
    if (bytes[i] != 0x10 || bytes[i + 1] != 0x04) return false;
  return true;
}
}  // namespace

bool VirtualPrinterServer::wait_for_pages(std::size_t count, int timeout_ms) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                           [&] { return pages_.size() >= count; });
}

void VirtualPrinterServer::store_pages() {
  for (Page& page : machine_.take_cut_pages()) {
    pages_.push_back(page);
    if (options_.out_dir.empty()) continue;
    char name[32];
    std::snprintf(name, sizeof name, "receipt-%04zu", pages_.size());
    const std::string base = options_.out_dir + "/" + name;
    std::ofstream raw(base + ".escpos", std::ios::binary);
    raw.write(reinterpret_cast<const char*>(since_cut_.data()),
              static_cast<std::streamsize>(since_cut_.size()));
    since_cut_.clear();
    auto drawn = render_pages_png({page}, base + ".png", options_.render);
    if (drawn) {
      files_.push_back(base + ".png");
    } else {
      problems_.push_back(drawn.error());
    }
  }
}

void VirtualPrinterServer::serve(int client) {
  {
    std::lock_guard lock(mutex_);
    client_ = client;
    ++connections_;
  }
  std::uint8_t buffer[4096];
  while (!stopping_) {
    int wait_ms = -1;  // idle: sleep until the host writes or the server stops
    {
      // A slow printer works through its buffer as time passes, and answers as it gets there.
      std::lock_guard lock(mutex_);
      const auto now = std::chrono::steady_clock::now();
      const double seconds = std::chrono::duration<double>(now - last_advance_).count();
      last_advance_ = now;
      std::vector<std::uint8_t> replies;
      machine_.advance(seconds, replies);
      if (!replies.empty() && !silent_) [[maybe_unused]]
        auto sent = ::send(client, replies.data(), replies.size(), MSG_NOSIGNAL);
      store_pages();
      changed_.notify_all();
      if (machine_.busy() && options_.personality.lines_per_second > 0) wait_ms = 10;
    }
    pollfd fds[2] = {{client, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, wait_ms) < 0 && errno != EINTR) break;
    if (fds[1].revents != 0) break;
    if (fds[0].revents == 0) continue;
    {
      std::unique_lock lock(mutex_);
      if (silent_) {
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
    }
    ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    std::lock_guard lock(mutex_);
    if (!only_status_requests(buffer, static_cast<std::size_t>(n)))
      print_arrivals_.push_back(std::chrono::steady_clock::now());
    bool drop = false;
    if (drop_after_) {
      if (static_cast<std::size_t>(n) >= *drop_after_) {
        n = static_cast<ssize_t>(*drop_after_);
        drop = true;
        drop_after_.reset();
      } else {
        *drop_after_ -= static_cast<std::size_t>(n);
      }
    }
    since_cut_.insert(since_cut_.end(), buffer, buffer + n);
    std::vector<std::uint8_t> replies;
    machine_.receive(std::span<const std::uint8_t>(buffer, static_cast<std::size_t>(n)), replies);
    if (!replies.empty() && !drop) [[maybe_unused]]
      auto sent = ::send(client, replies.data(), replies.size(), MSG_NOSIGNAL);
    store_pages();
    changed_.notify_all();
    if (drop) {
      // A pulled cable: RST, so the host notices on its next write or read.
      linger hard{1, 0};
      ::setsockopt(client, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
      break;
    }
  }
  std::lock_guard lock(mutex_);
  client_ = -1;
  ::close(client);
}

void VirtualPrinterServer::run() {
  // Named, so that /proc (bench/idle_cpu.sh) tells who wakes.
  ::pthread_setname_np(::pthread_self(), "printer-sim");
  while (!stopping_) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents != 0) return;
    if (fds[0].revents == 0) continue;
    const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client >= 0) serve(client);
  }
}

}  // namespace yiwang::drivers
