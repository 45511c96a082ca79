// What the UI loop sleeps on when it drives a KMS panel: input on any /dev/input/event* node,
// input nodes appearing or changing, or a poke from another thread, in one poll().
//
// SDL's evdev reader (touch and keys on a panel without X or Wayland) cannot block: SDL only
// looks at its devices when the loop pumps events. Without this the loop woke every 20 ms to let
// it look (50 wake-ups a second on an idle kiosk). This keeps its own read-only descriptor on
// every event node (the kernel gives each reader its own copy of every event; SDL still reads
// its own), so the loop sleeps until a finger, a key, a hot-plugged device or the application's
// queue has something, and SDL then finds the same events on its descriptors.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "common/result.h"

namespace yiwang::drivers {

class InputActivity {
 public:
  // directory: where the event nodes are (/dev/input; a test passes a folder of FIFOs). Fails
  // only when the poke descriptor or the directory's watch cannot be made; nodes that cannot be
  // opened (not yet readable by this user) are tried again when their attributes change.
  static Result<std::unique_ptr<InputActivity>, std::string> open(
      const std::string& directory = "/dev/input");
  ~InputActivity();
  InputActivity(const InputActivity&) = delete;
  InputActivity& operator=(const InputActivity&) = delete;

  // At most this many reads of kReadBytes per descriptor and wake (4 x 170 input events): what
  // a flooding device sends beyond it waits for the next wait(), which returns at once.
  static constexpr int kMaxReadsPerWake = 4;
  static constexpr std::size_t kReadBytes = 4096;

  // Thread-safe: the current or the next wait() returns at once.
  void poke();

  enum class Woke { timeout, input, nodes, poke };
  // Blocks until input, a node change, a poke or timeout_ms (negative: no limit), and drains
  // what woke it (read and dropped: this descriptor is only a doorbell), up to
  // kMaxReadsPerWake reads each. Returns the first reason found.
  Woke wait(int timeout_ms);

  // The event nodes open now.
  size_t devices() const { return nodes_.size(); }

 private:
  InputActivity(std::string directory, int poke_fd, int notify_fd);
  void rescan();
  void close_node(const std::string& name);

  std::string directory_;
  int poke_fd_ = -1;                  // an eventfd: poke() adds, wait() drains
  int notify_fd_ = -1;                // inotify on the directory
  std::map<std::string, int> nodes_;  // "event3" -> its descriptor
};

}  // namespace yiwang::drivers
