// The US-layout key table and the wedge scan assembler.
#include "qr/wedge_decoder.h"

#include <linux/input-event-codes.h>

#include <array>

#include "common/gb18030.h"

namespace yiwang::drivers {

namespace {

struct Key {
  char plain;
  char shifted;
};

// Indexed by key code; {0, 0} is a key that types nothing we know.
constexpr std::array<Key, 256> make_table() {
  std::array<Key, 256> t{};
  const char* digits = "1234567890";
  const char* shifted_digits = "!@#$%^&*()";
  const int digit_codes[] = {KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9, KEY_0};
  for (int i = 0; i < 10; ++i) t[digit_codes[i]] = {digits[i], shifted_digits[i]};
  const int letter_codes[] = {KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I,
                              KEY_J, KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R,
                              KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z};
  for (int i = 0; i < 26; ++i)
    t[letter_codes[i]] = {static_cast<char>('a' + i), static_cast<char>('A' + i)};
  t[KEY_MINUS] = {'-', '_'};
  t[KEY_EQUAL] = {'=', '+'};
  t[KEY_LEFTBRACE] = {'[', '{'};
  t[KEY_RIGHTBRACE] = {']', '}'};
  t[KEY_BACKSLASH] = {'\\', '|'};
  t[KEY_SEMICOLON] = {';', ':'};
  t[KEY_APOSTROPHE] = {'\'', '"'};
  t[KEY_GRAVE] = {'`', '~'};
  t[KEY_COMMA] = {',', '<'};
  t[KEY_DOT] = {'.', '>'};
  t[KEY_SLASH] = {'/', '?'};
  t[KEY_SPACE] = {' ', ' '};
  t[KEY_TAB] = {'\t', '\t'};
  t[KEY_KPASTERISK] = {'*', '*'};
  t[KEY_KPMINUS] = {'-', '-'};
  t[KEY_KPPLUS] = {'+', '+'};
  t[KEY_KPSLASH] = {'/', '/'};
  t[KEY_KPDOT] = {'.', '.'};
  return t;
}
constexpr std::array<Key, 256> kKeys = make_table();

// Keypad digits, for Alt codes and as plain digits.
int keypad_digit(std::uint16_t code) {
  switch (code) {
    case KEY_KP0:
      return 0;
    case KEY_KP1:
      return 1;
    case KEY_KP2:
      return 2;
    case KEY_KP3:
      return 3;
    case KEY_KP4:
      return 4;
    case KEY_KP5:
      return 5;
    case KEY_KP6:
      return 6;
    case KEY_KP7:
      return 7;
    case KEY_KP8:
      return 8;
    case KEY_KP9:
      return 9;
    default:
      return -1;
  }
}

}  // namespace

void WedgeDecoder::reset() {
  bytes_.clear();
  undecoded_ = 0;
  first_undecoded_ = -1;
  overflowed_ = false;
  alt_digits_ = 0;
  alt_value_ = 0;
}

void WedgeDecoder::add(char byte) {
  if (bytes_.size() >= kMaxScanLength) {
    overflowed_ = true;
    return;
  }
  bytes_.push_back(byte);
}

void WedgeDecoder::alt_released() {
  alt_ = false;
  if (alt_digits_ == 0) return;
  const long value = alt_value_;
  alt_digits_ = 0;
  alt_value_ = 0;
  if (value > 0 && value < 0x80) {
    add(static_cast<char>(value));
  } else if (value >= 0x8140 && value <= 0xFEFE) {
    // A two-byte GBK code; whether it is a real character is decided when the scan ends.
    add(static_cast<char>(value >> 8));
    add(static_cast<char>(value & 0xFF));
  } else {
    ++undecoded_;
    if (first_undecoded_ < 0) first_undecoded_ = KEY_LEFTALT;
  }
}

std::vector<ScanEvent> WedgeDecoder::feed(std::uint16_t type, std::uint16_t code,
                                          std::int32_t value, long long now_ms) {
  if (type != EV_KEY) return {};  // EV_SYN, EV_MSC scan codes: framing only
  last_key_ms_ = now_ms;
  const bool down = value == 1;  // 2 is auto-repeat: scanners never hold a key
  switch (code) {
    case KEY_LEFTSHIFT:
      shift_left_ = value != 0;
      return {};
    case KEY_RIGHTSHIFT:
      shift_right_ = value != 0;
      return {};
    case KEY_LEFTCTRL:
    case KEY_RIGHTCTRL:
      ctrl_ = value != 0;
      return {};
    case KEY_LEFTALT:
    case KEY_RIGHTALT:
      if (value == 1) {
        alt_ = true;
        alt_digits_ = 0;
        alt_value_ = 0;
      } else if (value == 0) {
        alt_released();
      }
      return {};
    case KEY_CAPSLOCK:
      if (down) caps_ = !caps_;
      return {};
    case KEY_ENTER:
    case KEY_KPENTER:
      if (!down || !pending()) return {};
      return {finish()};
    default:
      break;
  }
  if (!down) return {};
  if (const int digit = keypad_digit(code); digit >= 0) {
    if (alt_) {
      if (alt_digits_ < 6) alt_value_ = alt_value_ * 10 + digit;
      ++alt_digits_;
    } else {
      add(static_cast<char>('0' + digit));
    }
    return {};
  }
  const Key key = code < kKeys.size() ? kKeys[code] : Key{0, 0};
  if (key.plain == 0) {
    ++undecoded_;
    if (first_undecoded_ < 0) first_undecoded_ = code;
    return {};
  }
  const bool letter = key.plain >= 'a' && key.plain <= 'z';
  if (ctrl_ && letter) {
    add(static_cast<char>(key.plain - 'a' + 1));  // Ctrl+A is 0x01, as a terminal would
    return {};
  }
  const bool shifted = (shift_left_ || shift_right_) != (letter && caps_);
  add(shifted ? key.shifted : key.plain);
  return {};
}

std::vector<ScanEvent> WedgeDecoder::flush_if_quiet(long long now_ms, int gap_ms) {
  if (!pending() || now_ms - last_key_ms_ < gap_ms) return {};
  return {finish()};
}

ScanEvent WedgeDecoder::finish() {
  ScanEvent event;
  event.kind = ScanEvent::Kind::rejected;
  if (overflowed_) {
    event.message = "scan longer than the limit";
  } else if (undecoded_ > 0) {
    event.message = std::to_string(undecoded_) + " key(s) could not be decoded (first: key code " +
                    std::to_string(first_undecoded_) + "); set the scanner to US keyboard";
  } else {
    bool ascii = true;
    for (unsigned char c : bytes_) ascii &= c < 0x80;
    auto text = ascii ? Result<std::string, std::string>(bytes_) : gb18030_to_utf8(bytes_);
    if (!text) {
      event.message = "Alt codes that are not GBK characters: " + text.error();
    } else {
      if (has_control_bytes(text.value())) {
        event.message = "scan holds control characters";
      } else {
        event.kind = ScanEvent::Kind::scanned;
        event.code = std::move(text.value());
      }
    }
  }
  reset();
  return event;
}

}  // namespace yiwang::drivers
