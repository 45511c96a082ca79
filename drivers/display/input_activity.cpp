// InputActivity: one poll() over the event nodes, an inotify watch on their folder and an
// eventfd (see input_activity.h).
#include "display/input_activity.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

namespace yiwang::drivers {

namespace {

bool is_event_node(const char* name) { return std::strncmp(name, "event", 5) == 0; }

// Reads a descriptor until it would block, or kMaxReadsPerWake buffers: a device that floods
// (a chattering touch controller, a stuck key repeating) must not keep the UI loop here. What
// is left wakes the next wait at once, after the loop has had its turn. False when it hung up
// (a device unplugged, a test's FIFO closed by its writer).
bool drain(int fd) {
  std::array<char, InputActivity::kReadBytes> buffer{};
  for (int reads = 0; reads < InputActivity::kMaxReadsPerWake; ++reads) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n > 0) continue;
    if (n == 0) return false;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<InputActivity>, std::string> InputActivity::open(
    const std::string& directory) {
  const int poke_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (poke_fd < 0) return fail("eventfd: " + std::string(std::strerror(errno)));
  const int notify_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (notify_fd < 0 || ::inotify_add_watch(notify_fd, directory.c_str(),
                                           IN_CREATE | IN_DELETE | IN_ATTRIB | IN_MOVED_TO) < 0) {
    const std::string why = std::strerror(errno);
    ::close(poke_fd);
    if (notify_fd >= 0) ::close(notify_fd);
    return fail("cannot watch " + directory + ": " + why);
  }
  std::unique_ptr<InputActivity> activity(new InputActivity(directory, poke_fd, notify_fd));
  activity->rescan();
  return activity;
}

InputActivity::InputActivity(std::string directory, int poke_fd, int notify_fd)
    : directory_(std::move(directory)), poke_fd_(poke_fd), notify_fd_(notify_fd) {}

InputActivity::~InputActivity() {
  for (const auto& [name, fd] : nodes_) ::close(fd);
  ::close(poke_fd_);
  ::close(notify_fd_);
}

void InputActivity::poke() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(poke_fd_, &one, sizeof one);
}

void InputActivity::close_node(const std::string& name) {
  auto found = nodes_.find(name);
  if (found == nodes_.end()) return;
  ::close(found->second);
  nodes_.erase(found);
}

void InputActivity::rescan() {
  std::map<std::string, bool> present;
  if (DIR* dir = ::opendir(directory_.c_str())) {
    while (const dirent* entry = ::readdir(dir)) {
      if (is_event_node(entry->d_name)) present[entry->d_name] = true;
    }
    ::closedir(dir);
  }
  for (auto it = nodes_.begin(); it != nodes_.end();) {
    if (present.count(it->first) == 0) {
      ::close(it->second);
      it = nodes_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [name, unused] : present) {
    if (nodes_.count(name) != 0) continue;
    const std::string path = directory_ + "/" + name;
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) nodes_[name] = fd;  // else: not readable yet; IN_ATTRIB brings it back here
  }
}

InputActivity::Woke InputActivity::wait(int timeout_ms) {
  std::vector<pollfd> fds;
  std::vector<std::string> names;
  fds.push_back({poke_fd_, POLLIN, 0});
  fds.push_back({notify_fd_, POLLIN, 0});
  for (const auto& [name, fd] : nodes_) {
    fds.push_back({fd, POLLIN, 0});
    names.push_back(name);
  }
  int ready = -1;
  do {
    ready = ::poll(fds.data(), fds.size(), timeout_ms);
  } while (ready < 0 && errno == EINTR);
  if (ready <= 0) return Woke::timeout;
  Woke woke = Woke::timeout;
  const auto first = [&woke](Woke reason) {
    if (woke == Woke::timeout) woke = reason;
  };
  if (fds[0].revents != 0) {
    drain(poke_fd_);
    first(Woke::poke);
  }
  for (size_t i = 2; i < fds.size(); ++i) {
    if (fds[i].revents == 0) continue;
    const bool alive = (fds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) == 0 && drain(fds[i].fd);
    if (!alive) close_node(names[i - 2]);  // unplugged: its node goes too, or comes back new
    first(Woke::input);
  }
  if (fds[1].revents != 0) {
    drain(notify_fd_);
    rescan();
    first(Woke::nodes);
  }
  return woke;
}

}  // namespace yiwang::drivers
