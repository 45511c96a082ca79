// SAM frame encoding, the resynchronising parser, and the meaning of SW3 codes.
#include "idcard/sam_frame.h"

#include <algorithm>

namespace yiwang::drivers::sam {

std::vector<std::uint8_t> encode_frame(std::span<const std::uint8_t> body) {
  const std::size_t length = body.size() + 1;
  std::vector<std::uint8_t> frame(std::begin(kPreamble), std::end(kPreamble));
  frame.push_back(static_cast<std::uint8_t>(length >> 8));
  frame.push_back(static_cast<std::uint8_t>(length & 0xFF));
  frame.insert(frame.end(), body.begin(), body.end());
  std::uint8_t checksum = 0;
  for (std::size_t i = std::size(kPreamble); i < frame.size(); ++i) checksum ^= frame[i];
  frame.push_back(checksum);
  return frame;
}

std::vector<std::uint8_t> encode_request(Command command, std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> body{command.cmd, command.para};
  body.insert(body.end(), data.begin(), data.end());
  return encode_frame(body);
}

std::vector<std::uint8_t> encode_response(std::uint8_t sw3, std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> body{0x00, 0x00, sw3};
  body.insert(body.end(), data.begin(), data.end());
  return encode_frame(body);
}

void FrameParser::reset() {
  state_ = State::preamble;
  matched_ = 0;
  length_ = 0;
  buffer_.clear();
}

std::vector<ParseEvent> FrameParser::feed(std::span<const std::uint8_t> bytes) {
  std::vector<ParseEvent> events;
  for (std::uint8_t byte : bytes) {
    switch (state_) {
      case State::preamble:
        if (byte == kPreamble[matched_]) {
          if (++matched_ == std::size(kPreamble)) state_ = State::lengthHigh;
        } else {
          // Longest suffix of what was seen that still begins a preamble: a run of more than
          // three AA keeps three; an AA after AA AA AA 96 starts over at one.
          matched_ = byte != 0xAA ? 0 : (matched_ == 3 ? 3 : 1);
        }
        break;
      case State::lengthHigh:
        length_ = static_cast<std::size_t>(byte) << 8;
        state_ = State::lengthLow;
        break;
      case State::lengthLow:
        length_ |= byte;
        // The shortest body is a request (CMD PARA): length 3.
        if (length_ < 3 || length_ > kMaxLength) {
          events.push_back({FrameError::badLength, {}});
          reset();
        } else {
          buffer_.clear();
          state_ = State::body;
        }
        break;
      case State::body:
        buffer_.push_back(byte);
        if (buffer_.size() == length_) {
          std::uint8_t checksum = static_cast<std::uint8_t>((length_ >> 8) ^ (length_ & 0xFF));
          for (std::size_t i = 0; i + 1 < buffer_.size(); ++i) checksum ^= buffer_[i];
          if (checksum != buffer_.back()) {
            events.push_back({FrameError::badChecksum, {}});
          } else {
            buffer_.pop_back();
            events.push_back({std::nullopt, std::move(buffer_)});
          }
          reset();
        }
        break;
    }
  }
  return events;
}

std::optional<Response> parse_response(std::span<const std::uint8_t> body) {
  if (body.size() < 3) return std::nullopt;
  Response response{body[0], body[1], body[2], {body.begin() + 3, body.end()}};
  return response;
}

std::optional<ReadReply> parse_read_reply(std::span<const std::uint8_t> data,
                                          bool with_fingerprint) {
  const std::size_t header = with_fingerprint ? 6 : 4;
  if (data.size() < header) return std::nullopt;
  auto be16 = [&](std::size_t at) {
    return static_cast<std::size_t>(data[at] << 8 | data[at + 1]);
  };
  const std::size_t text_length = be16(0);
  const std::size_t photo_length = be16(2);
  const std::size_t fingerprint_length = with_fingerprint ? be16(4) : 0;
  if (text_length != 256 ||
      data.size() < header + text_length + photo_length + fingerprint_length) {
    return std::nullopt;
  }
  auto at = data.begin() + static_cast<std::ptrdiff_t>(header);
  ReadReply reply;
  reply.text.assign(at, at + static_cast<std::ptrdiff_t>(text_length));
  at += static_cast<std::ptrdiff_t>(text_length);
  reply.photo.assign(at, at + static_cast<std::ptrdiff_t>(photo_length));
  at += static_cast<std::ptrdiff_t>(photo_length);
  reply.fingerprint.assign(at, at + static_cast<std::ptrdiff_t>(fingerprint_length));
  return reply;
}

std::vector<std::uint8_t> encode_read_reply_data(
    std::span<const std::uint8_t> text, std::span<const std::uint8_t> photo,
    std::optional<std::span<const std::uint8_t>> fingerprint) {
  std::vector<std::uint8_t> data;
  auto be16 = [&](std::size_t n) {
    data.push_back(static_cast<std::uint8_t>(n >> 8));
    data.push_back(static_cast<std::uint8_t>(n & 0xFF));
  };
  be16(text.size());
  be16(photo.size());
  if (fingerprint) be16(fingerprint->size());
  data.insert(data.end(), text.begin(), text.end());
  data.insert(data.end(), photo.begin(), photo.end());
  if (fingerprint) data.insert(data.end(), fingerprint->begin(), fingerprint->end());
  return data;
}

Sw3Meaning describe_sw3(std::uint8_t sw3) {
  switch (sw3) {
    case 0x90:
      return {"success", FailureKind::retry};
    case 0x9F:
      return {"card found", FailureKind::retry};
    case 0x80:
      return {"no card in the field", FailureKind::retry};
    case 0x81:
      return {"card could not be selected", FailureKind::retry};
    case 0x41:
      return {"card read failed", FailureKind::retry};
    case 0x40:
      return {"unknown card type", FailureKind::retry};
    case 0x10:
      return {"reader saw a checksum error", FailureKind::retry};
    case 0x11:
      return {"reader saw a length error", FailureKind::retry};
    case 0x21:
      return {"reader rejected the command", FailureKind::fault};
    case 0x23:
      return {"unauthorised", FailureKind::fault};
    case 0x24:
      return {"unknown reader error", FailureKind::fault};
    case 0x31:
      return {"card could not authenticate the SAM", FailureKind::retry};
    case 0x32:
      return {"SAM could not authenticate the card", FailureKind::retry};
    case 0x33:
      return {"verification failed", FailureKind::retry};
    case 0x37:
      return {"fingerprint error", FailureKind::retry};
    case 0x3F:
      return {"information length error", FailureKind::retry};
    case 0x47:
      return {"random number failed", FailureKind::fault};
    case 0x60:
      return {"SAM self-test failed", FailureKind::fault};
    case 0x66:
      return {"SAM not authorised", FailureKind::fault};
    case 0x91:
      return {"item not on card", FailureKind::retry};
    default:
      return {"undocumented status", FailureKind::fault};
  }
}

}  // namespace yiwang::drivers::sam
