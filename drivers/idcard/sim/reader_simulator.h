// A simulated ID-card reader on a pseudo-terminal: it answers the real SAM frames like a device,
// and can be told to misbehave (slow, corrupt, SW3 errors, silent, garbage, unplugged).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "idcard/id_card.h"
#include "idcard/sam_frame.h"
#include "idcard/sim/sam_module.h"

namespace yiwang::drivers {

class ReaderSimulator {
 public:
  // Opens the pseudo-terminal. device_path() is a stable symbolic link to it (as udev's
  // /dev/serial/by-id links are), so an unplugged and replugged simulator keeps its path.
  static Result<std::unique_ptr<ReaderSimulator>, std::string> create();
  ~ReaderSimulator();
  ReaderSimulator(const ReaderSimulator&) = delete;
  ReaderSimulator& operator=(const ReaderSimulator&) = delete;

  const std::string& device_path() const { return link_path_; }

  // Places a card in the field; the next find succeeds once.
  void present(IdCard card);
  // Takes the card away.
  void remove();

  // Misbehaviour. Each applies from the next request on.
  void set_reply_delay_ms(int milliseconds);  // a slow reader
  void corrupt_replies(int count);            // the next `count` replies get a wrong checksum
  void corrupt_every(int n);  // from now on every n-th reply gets a wrong checksum (0: none)
  // The next `count` answers to `command` carry this SW3 instead of the real one.
  void fail_command(sam::Command command, std::uint8_t sw3, int count = 1);
  // The next `count` answers to `command` get a wrong checksum.
  void corrupt_command(sam::Command command, int count = 1);
  void set_silent(bool silent);  // reads requests, answers nothing
  // Written just before the next reply, in the same write (garbage, a truncated frame, ...).
  void prefix_next_reply(std::vector<std::uint8_t> bytes);
  // Replies go out in 64-byte pieces a millisecond apart, as from a USB-serial bridge.
  void set_split_replies(bool split);
  // Answers every request with bytes that are not SAM frames (a challenge-based reader).
  void set_foreign_protocol(bool foreign);
  // The cable: unplug closes the pty and removes the link; plug_in makes a new one.
  void unplug();
  void plug_in();

  int requests_seen() const { return module_.requests_seen(); }
  // When the last byte of the latest reply was written (steady clock), for latency benchmarks.
  std::chrono::steady_clock::time_point last_reply_written() const {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(last_reply_ns_.load()));
  }

 private:
  ReaderSimulator(std::string directory, std::string link_path);
  bool open_port(std::string& error);
  void close_port();
  void run();
  void send(std::vector<std::uint8_t> reply);

  std::string directory_;
  std::string link_path_;
  int master_fd_ = -1;  // touched only by the simulator thread once it runs
  int slave_fd_ = -1;   // held open so the pty survives the driver closing and reopening it
  std::atomic<bool> want_plugged_{true};
  std::atomic<bool> plugged_{false};

  SamModule module_;
  std::mutex mutex_;  // guards the switches below
  int delay_ms_ = 0;
  int corrupt_ = 0;
  int corrupt_every_ = 0;
  int replies_since_ = 0;
  bool silent_ = false;
  bool split_ = false;
  bool foreign_ = false;
  std::vector<std::uint8_t> prefix_;

  std::atomic<std::chrono::steady_clock::rep> last_reply_ns_{0};
  std::atomic<bool> running_{true};
  int wake_[2] = {-1, -1};  // a byte here ends the thread's poll (stop, unplug, plug in)
  void wake();
  std::thread thread_;
};

// Named sample cards for demos and tests, one per layout and a few troubled ones:
// "zhang-san" (resident, Beijing), "li-si" (resident, 长期), "chan-tai-man" (Hong Kong residence
// permit), "john-smith" (foreign permanent 2017), "maria-garcia" (foreign permanent 2023, long
// English name), "wang-wu" (resident, expired), "bad-number" (resident, wrong check digit).
std::optional<IdCard> sample_card(const std::string& name);

}  // namespace yiwang::drivers
