// ReplyParser: the first byte of a reply says how long it is (see escpos_replies.h).
#include "receipt/escpos_replies.h"

namespace yiwang::drivers {

namespace {
constexpr std::size_t kMaxBlock = 80;  // GS I texts are at most a few dozen bytes
constexpr bool is_block_start(std::uint8_t b) { return b == 0x37 || b == 0x5F; }
constexpr bool is_asb_start(std::uint8_t b) { return (b & 0x93) == 0x10; }
constexpr bool is_realtime(std::uint8_t b) { return (b & 0x93) == 0x12; }
constexpr bool is_paper_sensor(std::uint8_t b) { return (b & 0x90) == 0x00; }
constexpr bool bit(std::uint8_t b, int n) { return ((b >> n) & 1) != 0; }
}  // namespace

void ReplyParser::finish_block(std::vector<PrinterReply>& out) {
  PrinterReply reply;
  const std::uint8_t head = partial_[0];
  if (head == 0x5F) {
    reply.kind = PrinterReply::Kind::printer_info;
    reply.text.assign(partial_.begin() + 1, partial_.end() - 1);
  } else if (partial_.size() == 7 && partial_[1] == 0x22) {
    reply.kind = PrinterReply::Kind::transaction;
    reply.text.assign(partial_.begin() + 2, partial_.end() - 1);
  } else if (partial_.size() == 3 && partial_[1] == 0x25) {
    reply.kind = PrinterReply::Kind::buffers_cleared;
  } else {
    reply.kind = PrinterReply::Kind::other_block;
  }
  partial_.clear();
  out.push_back(std::move(reply));
}

void ReplyParser::feed(std::span<const std::uint8_t> bytes, std::vector<PrinterReply>& out) {
  for (const std::uint8_t b : bytes) {
    if (!partial_.empty()) {
      partial_.push_back(b);
      if (is_asb_start(partial_[0])) {
        if (partial_.size() == 4) {
          PrinterReply reply;
          reply.kind = PrinterReply::Kind::automatic_status;
          for (std::size_t i = 0; i < 4; ++i) reply.block[i] = partial_[i];
          partial_.clear();
          out.push_back(reply);
        }
      } else if (b == 0x00) {
        finish_block(out);
      } else if (partial_.size() >= kMaxBlock) {
        partial_.clear();
        out.push_back(PrinterReply{});  // noise: a block that never ended
      }
      continue;
    }
    PrinterReply reply;
    reply.byte = b;
    if (is_block_start(b) || is_asb_start(b)) {
      partial_.push_back(b);
      continue;
    }
    if (is_realtime(b)) {
      reply.kind = PrinterReply::Kind::realtime_status;
    } else if (is_paper_sensor(b)) {
      reply.kind = PrinterReply::Kind::paper_sensor;
    }
    out.push_back(reply);
  }
}

AutomaticStatus automatic_status_of(const std::array<std::uint8_t, 4>& block) {
  AutomaticStatus s;
  s.offline = bit(block[0], 3);
  s.cover_open = bit(block[0], 5);
  s.cutter_error = bit(block[1], 3);
  s.unrecoverable = bit(block[1], 5);
  s.auto_recoverable = bit(block[1], 6);
  s.paper_near_end = (block[2] & 0x03) != 0;
  s.paper_end = (block[2] & 0x0C) != 0;
  return s;
}

}  // namespace yiwang::drivers
