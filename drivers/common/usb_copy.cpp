// The USB copy helper's request, its symlink-proof tree copy, and the kiosk's client over the
// helper's Unix socket.
#include "common/usb_copy.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace yiwang::drivers {

namespace {

using Copied = Result<std::string, std::string>;

std::string why(const std::string& what) { return what + ": " + std::strerror(errno); }

struct Fd {
  int fd = -1;
  explicit Fd(int value) : fd(value) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

struct Totals {
  long long files = 0;
  long long bytes = 0;
};

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Copies the entries of the open folder `from` into the open folder `to`; `path` names it in
// errors. Every entry is opened relative to its folder with O_NOFOLLOW, then checked with fstat:
// what is checked is what is read, even if the kiosk swaps a file for a link meanwhile.
std::string copy_folder(int from, int to, const std::string& path, Totals& totals, int depth) {
  if (depth > 8) return path + ": folders nested too deep";
  const int listing_fd = ::dup(from);
  if (listing_fd < 0) return why(path);
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(listing_fd), ::closedir);
  if (!dir) {
    ::close(listing_fd);
    return why(path);
  }
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir.get())) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  for (const auto& name : names) {
    std::string where = path;
    where += '/';
    where += name;
    Fd source(::openat(from, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (source.fd < 0) {
      return errno == ELOOP ? where + ": a symbolic link in the bundle; nothing follows it"
                            : why(where);
    }
    struct stat st {};
    if (::fstat(source.fd, &st) != 0) return why(where);
    if (S_ISDIR(st.st_mode)) {
      if (::mkdirat(to, name.c_str(), 0755) != 0 && errno != EEXIST) return why("stick: " + where);
      Fd target(::openat(to, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (target.fd < 0) return why("stick: " + where);
      if (auto problem = copy_folder(source.fd, target.fd, where, totals, depth + 1);
          !problem.empty())
        return problem;
      if (::fsync(target.fd) != 0) return why("stick: " + where);
      continue;
    }
    if (!S_ISREG(st.st_mode)) return where + ": not a regular file; nothing copied from it";
    Fd target(
        ::openat(to, name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (target.fd < 0) return why("stick: " + where);
    char buffer[64 * 1024];
    for (;;) {
      const ssize_t n = ::read(source.fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return why(where);
      if (n == 0) break;
      if (!write_all(target.fd, buffer, static_cast<size_t>(n))) return why("stick: " + where);
      totals.bytes += n;
    }
    if (::fsync(target.fd) != 0) return why("stick: " + where);
    ++totals.files;
  }
  return "";
}

}  // namespace

bool valid_bundle_name(const std::string& name) {
  static const std::string kPrefix = "yiwang-bundle-";
  if (name.size() <= kPrefix.size() || name.size() > 128 || name.rfind(kPrefix, 0) != 0)
    return false;
  if (name.find("..") != std::string::npos) return false;
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    if (!plain) return false;
  }
  return true;
}

Result<std::string, std::string> copy_bundle_tree(const std::string& source_dir,
                                                  const std::string& name,
                                                  const std::string& target_dir) {
  if (!valid_bundle_name(name)) return fail(std::string("not a bundle's name"));
  Fd base(::open(source_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (base.fd < 0) return fail(why(source_dir));
  Fd from(::openat(base.fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (from.fd < 0) return fail(why("the bundle " + name));
  Fd stick(::open(target_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (stick.fd < 0) return fail(why(target_dir));
  if (::mkdirat(stick.fd, name.c_str(), 0755) != 0) return fail(why("stick: " + name));
  Fd to(::openat(stick.fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (to.fd < 0) return fail(why("stick: " + name));
  Totals totals;
  if (auto problem = copy_folder(from.fd, to.fd, name, totals, 0); !problem.empty())
    return fail(problem);
  if (::fsync(to.fd) != 0 || ::fsync(stick.fd) != 0) return fail(why("stick: " + name));
  return std::to_string(totals.files) + " files, " + std::to_string(totals.bytes) + " bytes";
}

std::string serve_usb_copy(const std::string& request_line, const UsbCopyConfig& config) {
  std::string line = request_line;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  static const std::string kVerb = "copy ";
  if (line.rfind(kVerb, 0) != 0) return "error not a request";
  const std::string name = line.substr(kVerb.size());
  if (!valid_bundle_name(name)) return "error not a bundle's name";
  if (!config.stand_in_dir.empty()) {
    auto copied = copy_bundle_tree(config.source_dir, name, config.stand_in_dir);
    return copied ? "ok " + name + ": " + copied.value() : "error " + copied.error();
  }
  UsbStick stick;
  if (config.device) {
    stick = *config.device;
  } else {
    const auto sticks = find_usb_sticks();
    if (sticks.empty()) return "error no USB stick found";
    stick = sticks.front();
  }
  auto copied = with_mounted_stick(stick, config.mount_dir, [&](const std::string& dir) {
    return copy_bundle_tree(config.source_dir, name, dir);
  });
  return copied ? "ok " + name + " on " + stick.devnode + ": " + copied.value() + "; unmounted"
                : "error " + copied.error();
}

Result<std::string, std::string> request_usb_copy(const std::string& socket_path,
                                                  const std::string& name, int timeout_ms) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof address.sun_path)
    return fail(std::string("the USB copy socket's path is too long"));
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  Fd sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (sock.fd < 0) return fail(why("socket"));
  if (::connect(sock.fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    return fail(why("the USB copy service (" + socket_path + ") is not reachable"));
  const std::string request = "copy " + name + "\n";
  if (::send(sock.fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size()))
    return fail(why("the USB copy service"));
  std::string answer;
  pollfd waiting{sock.fd, POLLIN, 0};
  while (answer.find('\n') == std::string::npos && answer.size() < 4096) {
    const int ready = ::poll(&waiting, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0)
      return fail("the USB copy did not answer within " + std::to_string(timeout_ms / 1000) +
                  " s: it may still be writing, wait a minute before pulling the stick out");
    if (ready < 0) return fail(why("the USB copy service"));
    char buffer[512];
    const ssize_t n = ::recv(sock.fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    answer.append(buffer, static_cast<size_t>(n));
  }
  answer = answer.substr(0, answer.find('\n'));
  if (answer.rfind("ok ", 0) == 0) return answer.substr(3);
  if (answer.rfind("error ", 0) == 0) return fail(answer.substr(6));
  return fail(std::string("the USB copy service ended without an answer"));
}

}  // namespace yiwang::drivers
