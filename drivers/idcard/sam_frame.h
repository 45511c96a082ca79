// SAM module frames of second-generation ID-card readers: pure encoder and byte-at-a-time parser.
//
// Frame (both directions): AA AA AA 96 69 | LEN (2 bytes, big-endian) | BODY | XOR
// LEN counts BODY plus the checksum byte; XOR covers both LEN bytes and BODY.
// Request BODY: CMD PARA [data]. Response BODY: SW1 SW2 SW3 [data]; success is SW1 = SW2 = 0.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/device_status.h"

namespace yiwang::drivers::sam {

inline constexpr std::uint8_t kPreamble[] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
// Larger than any documented reply (text + photo + fingerprint is 2 333 bytes of body).
inline constexpr std::size_t kMaxLength = 4096;

struct Command {
  std::uint8_t cmd;
  std::uint8_t para;
};
inline constexpr Command kFindCard{0x20, 0x01};
inline constexpr Command kSelectCard{0x20, 0x02};
inline constexpr Command kReadText{0x30, 0x01};
inline constexpr Command kReadTextFingerprint{0x30, 0x10};
inline constexpr Command kReadSamId{0x12, 0xFF};
inline constexpr Command kSamStatus{0x11, 0xFF};
inline constexpr Command kResetSam{0x10, 0xFF};  // one source

// SW3 values.
inline constexpr std::uint8_t kSuccess = 0x90;
inline constexpr std::uint8_t kFindSuccess = 0x9F;
inline constexpr std::uint8_t kFindFailed = 0x80;
inline constexpr std::uint8_t kSelectFailed = 0x81;

std::vector<std::uint8_t> encode_frame(std::span<const std::uint8_t> body);
std::vector<std::uint8_t> encode_request(Command command, std::span<const std::uint8_t> data = {});
std::vector<std::uint8_t> encode_response(std::uint8_t sw3,
                                          std::span<const std::uint8_t> data = {});

enum class FrameError { badChecksum, badLength };

struct ParseEvent {
  std::optional<FrameError> error;  // set when a frame was rejected
  std::vector<std::uint8_t> body;   // the frame body (no length, no checksum) when accepted
};

// Feed it bytes as they arrive; it finds frames across and within reads and resynchronises on
// the next preamble after any error.
class FrameParser {
 public:
  std::vector<ParseEvent> feed(std::span<const std::uint8_t> bytes);
  void reset();
  // True once a whole preamble has been seen and its frame is not finished yet.
  bool in_frame() const { return state_ != State::preamble; }

 private:
  enum class State { preamble, lengthHigh, lengthLow, body };
  State state_ = State::preamble;
  std::size_t matched_ = 0;
  std::size_t length_ = 0;
  std::vector<std::uint8_t> buffer_;
};

struct Response {
  std::uint8_t sw1 = 0;
  std::uint8_t sw2 = 0;
  std::uint8_t sw3 = 0;
  std::vector<std::uint8_t> data;
  bool status_ok() const { return sw1 == 0 && sw2 == 0; }
};

std::optional<Response> parse_response(std::span<const std::uint8_t> body);

struct ReadReply {
  std::vector<std::uint8_t> text;   // 256 bytes of UCS-2LE
  std::vector<std::uint8_t> photo;  // WLT-compressed, kept raw, never shown
  std::vector<std::uint8_t> fingerprint;
};

// Splits the data of a read reply (30 01, or 30 10 when with_fingerprint).
std::optional<ReadReply> parse_read_reply(std::span<const std::uint8_t> data,
                                          bool with_fingerprint);

// The data of a successful read reply: text and photo lengths, text, photo (30 01); with a
// fingerprint block, its length follows the photo's and the block follows the photo (30 10).
std::vector<std::uint8_t> encode_read_reply_data(
    std::span<const std::uint8_t> text, std::span<const std::uint8_t> photo,
    std::optional<std::span<const std::uint8_t>> fingerprint = std::nullopt);

struct Sw3Meaning {
  std::string_view description;
  FailureKind kind;
};
Sw3Meaning describe_sw3(std::uint8_t sw3);

}  // namespace yiwang::drivers::sam
