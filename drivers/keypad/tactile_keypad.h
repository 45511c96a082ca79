// The tactile keypad (raised keys, the ATM way) and the headphone jack, both read through evdev:
// one thread per device node, found through udev (by USB ids, or the sound card's jack switch) or
// named by path. Keys are mapped to what they mean here; their text never matters.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/device_status.h"
#include "common/device_thread.h"
#include "common/result.h"
#include "common/status_latch.h"
#include "common/udev_finder.h"

namespace yiwang::drivers {

enum class KeypadKey {
  none,
  up,
  down,
  left,
  right,
  enter,
  back,
  help,   // the screen's instructions again
  audio,  // speech mode on or off (a keypad without a jack of its own)
  volume_up,
  volume_down,
  blank,  // the screen blanked for privacy, or shown again
  digit,  // KeypadEvent::digit says which
};

struct KeypadEvent {
  enum class Kind { key, headphones, statusChanged };
  Kind kind = Kind::key;
  KeypadKey key = KeypadKey::none;
  int digit = -1;           // key digit: 0..9
  bool headphones = false;  // headphones: plugged in (true) or pulled out
  DeviceStatus status;      // statusChanged
};

// A Linux key code (linux/input-event-codes.h) as a keypad key; none for keys a keypad has no
// business sending. Digits set `digit`.
KeypadKey keypad_key(std::uint16_t code, int& digit);

enum class EvdevRole { keypad, jack };

struct EvdevInputSettings {
  EvdevRole role = EvdevRole::keypad;
  std::string path;               // a fixed node, /dev/input/event*
  std::optional<UdevMatch> find;  // else looked up through udev at every (re)connect
  int reconnect_ms = 500;
};

// Keypad: "evdev:PATH", "PATH", "usb:VVVV[:PPPP]" (any input device with keys of that USB id).
// Jack: "auto" (the first input device udev calls a switch: a sound card's jack), or a path.
// A path may name a FIFO (tests: the kiosk's speech journeys write input_event records into
// it): read like the device node, not grabbed, no switch state asked for.
Result<EvdevInputSettings, std::string> parse_keypad_spec(const std::string& spec);
Result<EvdevInputSettings, std::string> parse_jack_spec(const std::string& spec);

class EvdevInput {
 public:
  using Listener = std::function<void(KeypadEvent)>;
  EvdevInput(EvdevInputSettings settings, Listener listener);
  ~EvdevInput();
  EvdevInput(const EvdevInput&) = delete;
  EvdevInput& operator=(const EvdevInput&) = delete;
  EvdevInput(EvdevInput&&) = delete;
  EvdevInput& operator=(EvdevInput&&) = delete;
  void start();
  void stop();

 private:
  void run();
  void read_until_lost(int fd, const std::string& path);
  void report(DeviceState state, std::string detail);
  EvdevInputSettings settings_;
  Listener listener_;
  StatusLatch status_;
  bool headphones_ = false;  // the jack's last state told
  DeviceThread thread_;      // last: stopped first
};

}  // namespace yiwang::drivers
