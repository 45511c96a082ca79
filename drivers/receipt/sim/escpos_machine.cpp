// EscPosMachine: receive-side tokenizing and real-time commands, then in-order execution at the
// printer's pace, from the references' descriptions of each command.
#include "receipt/sim/escpos_machine.h"

#include <algorithm>
#include <cstdio>

#include "common/gb18030.h"

namespace yiwang::drivers {

namespace {
constexpr std::size_t kMaxBuffer = 1 << 22;  // a flood is cut off, not kept forever
constexpr std::uint8_t kClear[] = {0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08};

PaperOp plain(PaperOp::Kind kind, int lines = 0) {
  PaperOp op;
  op.kind = kind;
  op.lines = lines;
  return op;
}

bool is_clear(const std::uint8_t* b, std::size_t n) {
  return n >= sizeof kClear && std::equal(kClear, kClear + sizeof kClear, b);
}
}  // namespace

std::optional<PrinterPersonality> PrinterPersonality::named(const std::string& name) {
  PrinterPersonality p;
  p.name = name;
  if (name == "reference") return p;
  if (name == "near_end") {
    p.paper = PaperState::low;
  } else if (name == "no_gs_r") {
    p.paper_sensor = false;
    p.model = "POS-80 (virtual, no GS r)";
  } else if (name == "no_gs_h") {
    p.transaction_number = false;
    p.model = "TM-T20 (virtual, no GS ( H)";
  } else if (name == "one_way_answers") {
    p.transaction_number = false;
    p.paper_sensor = false;
    p.model = "";
  } else if (name == "asb_on") {
    p.automatic_status = true;
  } else if (name == "in_order_status") {
    p.realtime_in_order = true;
  } else if (name == "slow") {
    p.lines_per_second = 12;
  } else if (name == "link_drop") {
    p.drop_after_bytes = 300;
  } else if (name == "no_clear_answer") {
    p.clear_answer = false;
  } else if (name == "near_end_no_gs_h") {
    // Confirmed by GS r alone while its answer says near end (03): the layout matters.
    p.paper = PaperState::low;
    p.transaction_number = false;
  } else if (name == "grid_58mm") {
    p.paper_dots = 384;
  } else {
    return std::nullopt;
  }
  return p;
}

std::vector<std::string> PrinterPersonality::names() {
  return {"reference", "near_end",        "no_gs_r", "no_gs_h",   "one_way_answers",
          "asb_on",    "in_order_status", "slow",    "link_drop", "no_clear_answer"};
}

std::string Page::text() const {
  std::string out;
  for (const PaperOp& op : ops) {
    if (op.kind == PaperOp::Kind::text) {
      if (!op.chinese) {
        // Without FS & every byte is one character of the code page: no CJK at all.
        for (const char c : op.gb18030) out += static_cast<unsigned char>(c) < 0x80 ? c : '?';
        continue;
      }
      auto utf8 = gb18030_to_utf8(op.gb18030);
      out += utf8 ? utf8.value() : std::string("\xEF\xBF\xBD");
    } else if (op.kind == PaperOp::Kind::newline) {
      out += '\n';
    }
  }
  return out;
}

std::vector<std::string> Page::qr_codes() const {
  std::vector<std::string> codes;
  for (const PaperOp& op : ops)
    if (op.kind == PaperOp::Kind::qr) codes.push_back(op.qr_data);
  return codes;
}

EscPosMachine::EscPosMachine(PrinterPersonality personality)
    : personality_(std::move(personality)) {
  paper_ = personality_.paper;
  chinese_ = personality_.chinese_at_start;
  asb_enabled_ = personality_.automatic_status;
}

bool EscPosMachine::can_print() const {
  return paper_ != PaperState::out && !cover_open_ && !cutter_jammed_;
}

std::size_t EscPosMachine::buffered() const {
  std::size_t n = rx_.size();
  for (const auto& command : queue_) n += command.size();
  return n;
}

void EscPosMachine::set_paper(PaperState paper) {
  paper_ = paper;
  if (paper != PaperState::out) lines_left_ = -1;
}
void EscPosMachine::paper_out_after_lines(int lines) { lines_left_ = std::max(lines, 0); }
void EscPosMachine::set_cover_open(bool open) { cover_open_ = open; }
void EscPosMachine::set_cutter_jammed(bool jammed) { cutter_jammed_ = jammed; }
void EscPosMachine::resume(std::vector<std::uint8_t>& replies) { run(replies); }

std::vector<Page> EscPosMachine::take_cut_pages() {
  std::vector<Page> pages;
  pages.swap(cut_pages_);
  return pages;
}

void EscPosMachine::receive(std::span<const std::uint8_t> bytes,
                            std::vector<std::uint8_t>& replies) {
  received_ += bytes.size();
  if (buffered() + bytes.size() > kMaxBuffer) {
    unknown_.push_back("receive buffer overflow: " + std::to_string(bytes.size()) + " bytes lost");
    return;
  }
  rx_.insert(rx_.end(), bytes.begin(), bytes.end());
  take_commands(replies);
  run(replies);
}

void EscPosMachine::advance(double seconds, std::vector<std::uint8_t>& replies) {
  if (personality_.lines_per_second > 0)
    budget_ = std::min(budget_ + seconds * personality_.lines_per_second, 1.0);
  run(replies);
}

std::size_t EscPosMachine::command_length(std::size_t at) const {
  const std::size_t left = rx_.size() - at;
  auto need = [&](std::size_t n) -> std::size_t { return left >= n ? n : 0; };
  auto byte = [&](std::size_t k) -> int { return at + k < rx_.size() ? rx_[at + k] : -1; };
  const int c = byte(0);
  if (c == 0x10) {
    if (left < 2) return 0;
    if (byte(1) == 0x04) return need(3);
    if (byte(1) == 0x14) {
      if (left < 3) return 0;
      return need(byte(2) == 0x08 ? 10 : 5);
    }
    return 1;
  }
  if (c == 0x1B) {
    if (left < 2) return 0;
    switch (byte(1)) {
      case 0x21:
      case 0x2D:
      case 0x33:
      case 0x45:
      case 0x47:
      case 0x4A:
      case 0x4D:
      case 0x52:
      case 0x61:
      case 0x64:
      case 0x74:
        return need(3);
      default:
        return 2;
    }
  }
  if (c == 0x1C) {
    if (left < 2) return 0;
    return byte(1) == 0x21 ? need(3) : 2;
  }
  if (c == 0x1D) {
    if (left < 2) return 0;
    switch (byte(1)) {
      case 0x21:  // GS ! n
      case 0x42:  // GS B n
      case 0x48:  // GS H n
      case 0x49:  // GS I n
      case 0x61:  // GS a n
      case 0x66:  // GS f n
      case 0x68:  // GS h n
      case 0x72:  // GS r n
      case 0x77:  // GS w n
        return need(3);
      case 0x56:
        if (left < 3) return 0;
        return (byte(2) == 0x41 || byte(2) == 0x42) ? need(4) : need(3);
      case 0x28: {
        if (left < 5) return 0;
        const std::size_t length = static_cast<std::size_t>(byte(3) | (byte(4) << 8));
        return need(5 + length);
      }
      case 0x76: {
        if (left < 8) return 0;
        const std::size_t row = static_cast<std::size_t>(byte(4) | (byte(5) << 8));
        const std::size_t rows = static_cast<std::size_t>(byte(6) | (byte(7) << 8));
        return need(8 + row * rows);
      }
      default:
        return 2;
    }
  }
  return 1;  // text and other single bytes: characters are put together when they print
}

std::uint8_t EscPosMachine::status_byte(int n) const {
  const bool paper_end = paper_ == PaperState::out;
  const bool offline = !can_print();
  switch (n) {
    case 1:
      return static_cast<std::uint8_t>(0x12 | (offline ? 0x08 : 0));
    case 2:
      return static_cast<std::uint8_t>(0x12 | (cover_open_ ? 0x04 : 0) | (paper_end ? 0x20 : 0) |
                                       (cutter_jammed_ ? 0x40 : 0));
    case 3:
      return static_cast<std::uint8_t>(0x12 | (cutter_jammed_ ? 0x08 : 0));
    case 4:
      return static_cast<std::uint8_t>(0x12 | (paper_ == PaperState::low ? 0x0C : 0) |
                                       (paper_end ? 0x60 : 0));
    default:
      return 0x12;
  }
}

std::vector<std::uint8_t> EscPosMachine::asb_block() const {
  // Byte 1 0xx1xx00 (bit 3 offline, bit 5 cover open), byte 2 (bit 3 cutter error), byte 3
  // (bits 0-1 near end, bits 2-3 paper end), byte 4 0xx0xxxx.
  const bool out = paper_ == PaperState::out;
  return {static_cast<std::uint8_t>(0x10 | (can_print() ? 0 : 0x08) | (cover_open_ ? 0x20 : 0)),
          static_cast<std::uint8_t>(cutter_jammed_ ? 0x08 : 0),
          static_cast<std::uint8_t>((paper_ == PaperState::low ? 0x03 : 0) | (out ? 0x0F : 0)),
          0x00};
}

void EscPosMachine::send_asb_if_changed(std::vector<std::uint8_t>& replies, bool force) {
  if (!asb_enabled_) return;
  auto block = asb_block();
  if (!force && block == last_asb_) return;
  replies.insert(replies.end(), block.begin(), block.end());
  last_asb_ = std::move(block);
}

void EscPosMachine::realtime(const std::vector<std::uint8_t>& command,
                             std::vector<std::uint8_t>& replies) {
  if (command[1] == 0x04) {
    const int n = command[2];
    if (n >= 1 && n <= 4) replies.push_back(status_byte(n));
    return;
  }
  // DLE DC4 fn 8 with its fixed parameters clears the buffers; other functions do nothing here.
  if (!is_clear(command.data(), command.size())) return;
  queue_.clear();
  if (line_open_) page_.ops.push_back(plain(PaperOp::Kind::newline));
  line_open_ = false;
  if (personality_.clear_answer) replies.insert(replies.end(), {0x37, 0x25, 0x00});
}

void EscPosMachine::realtime_inside(const std::vector<std::uint8_t>& data,
                                    std::vector<std::uint8_t>& replies) {
  // Image bytes that spell a real-time command are acted on (the printer's receive side does
  // not know where an image ends); the bytes stay part of the image.
  for (std::size_t i = 0; i + 2 < data.size(); ++i) {
    if (data[i] != 0x10) continue;
    if (data[i + 1] == 0x04 && data[i + 2] >= 1 && data[i + 2] <= 4)
      replies.push_back(status_byte(data[i + 2]));
    if (data[i + 1] == 0x14 && is_clear(data.data() + i, data.size() - i)) {
      queue_.clear();
      if (personality_.clear_answer) replies.insert(replies.end(), {0x37, 0x25, 0x00});
    }
  }
}

void EscPosMachine::take_commands(std::vector<std::uint8_t>& replies) {
  std::size_t at = 0;
  while (at < rx_.size()) {
    const std::size_t length = command_length(at);
    if (length == 0) break;  // incomplete: wait for more bytes
    std::vector<std::uint8_t> command(rx_.begin() + static_cast<std::ptrdiff_t>(at),
                                      rx_.begin() + static_cast<std::ptrdiff_t>(at + length));
    at += length;
    const bool is_realtime = command[0] == 0x10 && length >= 3;
    if (is_realtime && !(command[1] == 0x04 && personality_.realtime_in_order)) {
      realtime(command, replies);
      continue;
    }
    if (command[0] == 0x1D && command[1] == 0x28 && command[2] == 0x44 && length >= 8 &&
        command[5] == 0x14) {
      // GS ( D fn 20: pairs (function, 0 off / 1 on), taken as they arrive.
      for (std::size_t k = 6; k + 1 < length; k += 2) realtime_enabled_ = command[k + 1] != 0;
    }
    if (command[0] == 0x1D && command[1] == 0x76 && realtime_enabled_) {
      const std::size_t before = queue_.size();
      realtime_inside(command, replies);
      if (queue_.size() < before) continue;  // a clear inside the image dropped it too
    }
    queue_.push_back(std::move(command));
  }
  rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(at));
}

double EscPosMachine::cost(const std::vector<std::uint8_t>& c) const {
  if (c[0] == 0x0A) return 1;
  if (c[0] == 0x1B && c[1] == 0x64) return c[2];
  if (c[0] == 0x1D && c[1] == 0x76) return (c[6] | (c[7] << 8)) / 24.0 + 1;
  if (c[0] == 0x1D && c[1] == 0x28 && c[2] == 0x6B && c.size() > 6 && c[6] == 0x51) return 10;
  if (c[0] == 0x1D && c[1] == 0x56) return 1;
  return 0;
}

void EscPosMachine::run(std::vector<std::uint8_t>& replies) {
  while (!queue_.empty() && can_print()) {
    const double lines = cost(queue_.front());
    if (personality_.lines_per_second > 0 && lines > 0) {
      if (budget_ <= 0) break;  // the mechanism is still busy with earlier lines
      budget_ -= lines;
    }
    const std::vector<std::uint8_t> command = std::move(queue_.front());
    queue_.pop_front();
    execute(command, replies);
  }
  send_asb_if_changed(replies, false);
}

void EscPosMachine::count_lines(int lines) {
  for (int i = 0; i < lines; ++i) {
    ++lines_printed_;
    if (lines_left_ > 0 && --lines_left_ == 0) {
      paper_ = PaperState::out;
      lines_left_ = -1;
    }
  }
}

void EscPosMachine::end_line() {
  page_.ops.push_back(plain(PaperOp::Kind::newline));
  line_open_ = false;
  line_dots_ = 0;
  pending_lead_ = false;
  count_lines(1);
}

void EscPosMachine::advance_grid(std::uint8_t byte) {
  if (personality_.half_width_dots <= 0) return;
  int dots = 0;
  if (chinese_ && byte >= 0x81 && !pending_lead_) {
    pending_lead_ = true;  // its width counts with the second byte
    return;
  }
  dots = (pending_lead_ ? 2 : 1) * personality_.half_width_dots * width_;
  pending_lead_ = false;
  if (line_dots_ + dots > personality_.paper_dots && line_dots_ > 0) {
    // The line is full: the printer prints it and goes on with this character.
    // (A character's bytes may have arrived in an earlier text op: carry what this one holds.)
    std::string carried;
    if (!page_.ops.empty() && page_.ops.back().kind == PaperOp::Kind::text) {
      const std::string& text = page_.ops.back().gb18030;
      const std::size_t wanted = dots > personality_.half_width_dots * width_ ? 2 : 1;
      carried = text.substr(text.size() - std::min(wanted, text.size()));
    }
    if (!carried.empty())
      page_.ops.back().gb18030.resize(page_.ops.back().gb18030.size() - carried.size());
    end_line();
    PaperOp rest = page_.ops.size() > 1 ? page_.ops[page_.ops.size() - 2] : PaperOp{};
    rest.kind = PaperOp::Kind::text;
    rest.gb18030 = carried;
    page_.ops.push_back(std::move(rest));
    line_open_ = true;
  }
  line_dots_ += dots;
}

void EscPosMachine::execute(const std::vector<std::uint8_t>& command,
                            std::vector<std::uint8_t>& replies) {
  const std::uint8_t* b = command.data();
  const std::size_t length = command.size();
  auto op = [&](PaperOp::Kind kind) {
    PaperOp o;
    o.kind = kind;
    o.bold = bold_;
    o.width = width_;
    o.height = height_;
    o.align = align_;
    o.chinese = chinese_;
    return o;
  };
  if (length == 0) return;
  if (b[0] == 0x10) {
    // A stray DLE is one byte: nothing after it belongs to it.
    if (length >= 3 && b[1] == 0x04 && b[2] >= 1 && b[2] <= 4) replies.push_back(status_byte(b[2]));
    return;  // an in-order DLE EOT (personality), or a stray DLE
  }
  if (b[0] == 0x1B) {
    switch (b[1]) {
      case 0x40:
        bold_ = false;
        width_ = height_ = 1;
        align_ = 0;
        if (line_open_) end_line();
        return;
      case 0x45:
        bold_ = (b[2] & 1) != 0;
        return;
      case 0x61:
        align_ = (b[2] == 1 || b[2] == '1') ? 1 : (b[2] == 2 || b[2] == '2') ? 2 : 0;
        return;
      case 0x64: {
        if (line_open_) end_line();
        PaperOp feed = op(PaperOp::Kind::feed);
        feed.lines = b[2];
        page_.ops.push_back(feed);
        count_lines(b[2]);
        return;
      }
      case 0x21:
      case 0x2D:
      case 0x33:
      case 0x47:
      case 0x4A:
      case 0x4D:
      case 0x52:
      case 0x74:
        return;  // character and spacing settings the drawing does not model
      default:
        break;
    }
  } else if (b[0] == 0x1C) {
    if (b[1] == 0x26 || b[1] == 0x2E) {
      // FS & / FS .: two-byte characters on or off; a text run ends where the mode changes.
      chinese_ = b[1] == 0x26;
      return;
    }
    if (b[1] == 0x21) return;
  } else if (b[0] == 0x1D) {
    switch (b[1]) {
      case 0x21:
        width_ = (b[2] >> 4) + 1;
        height_ = (b[2] & 0x0F) + 1;
        return;
      case 0x72:
        // GS r 1 (documented layout): bits 0-1 near end, bits 2-3 paper end.
        if (personality_.paper_sensor && (b[2] == 1 || b[2] == '1'))
          replies.push_back(static_cast<std::uint8_t>((paper_ == PaperState::low ? 0x03 : 0) |
                                                      (paper_ == PaperState::out ? 0x0F : 0)));
        return;
      case 0x61:
        asb_enabled_ = b[2] != 0;
        send_asb_if_changed(replies, true);
        return;
      case 0x49: {
        const int n = b[2];
        std::string text;
        if (n == 67 && !personality_.model.empty()) text = personality_.model;
        if (n == 66 && !personality_.model.empty()) text = "Yiwang virtual";
        if (!text.empty()) {
          replies.push_back(0x5F);
          replies.insert(replies.end(), text.begin(), text.end());
          replies.push_back(0x00);
        }
        return;
      }
      case 0x42:
      case 0x48:
      case 0x66:
      case 0x68:
      case 0x77:
        return;
      case 0x56: {
        if (line_open_) end_line();
        if (length == 4) {
          PaperOp feed = plain(PaperOp::Kind::feed);
          feed.dots = b[3];  // GS V 65/66 n: n motion units, not lines
          page_.ops.push_back(feed);
        }
        page_.ops.push_back(plain(PaperOp::Kind::cut));
        page_.cut = true;
        cut_pages_.push_back(std::move(page_));
        page_ = Page{};
        return;
      }
      case 0x28:
        if (b[2] == 0x48 && length == 11 && b[5] == 0x30) {
          // GS ( H fn 48: everything before it is printed now.
          if (personality_.transaction_number) {
            replies.insert(replies.end(), {0x37, 0x22});
            replies.insert(replies.end(), b + 7, b + 11);
            replies.push_back(0x00);
          }
          return;
        }
        if (b[2] == 0x44) return;  // GS ( D: taken on the receive side
        if (b[2] == 0x6B && length >= 7 && b[5] == 0x31) {
          const std::uint8_t fn = b[6];
          if (fn == 0x41 && length >= 8) qr_model_ = b[7] == 0x31 ? 1 : 2;
          if (fn == 0x43 && length >= 8) qr_module_ = std::clamp<int>(b[7], 1, 16);
          if (fn == 0x45 && length >= 8) qr_ecc_ = std::clamp<int>(b[7], 0x30, 0x33);
          if (fn == 0x50 && length >= 8)
            qr_data_.assign(reinterpret_cast<const char*>(b + 8), length - 8);
          if (fn == 0x51) {
            if (line_open_) end_line();
            PaperOp qr = op(PaperOp::Kind::qr);
            qr.qr_data = qr_data_;
            qr.module = qr_module_;
            qr.qr_model = qr_model_;
            qr.qr_ecc = qr_ecc_;
            page_.ops.push_back(qr);
            count_lines(1);
          }
          return;
        }
        break;
      case 0x76: {
        if (line_open_) end_line();
        PaperOp raster = op(PaperOp::Kind::raster);
        const int row_bytes = b[4] | (b[5] << 8);
        const int rows = b[6] | (b[7] << 8);
        raster.image = Bitmap(row_bytes * 8, rows);
        std::copy(b + 8, b + length, raster.image.bits.begin());
        page_.ops.push_back(std::move(raster));
        count_lines(1);
        return;
      }
      default:
        break;
    }
  } else if (b[0] == 0x0A) {
    end_line();
    return;
  } else if (b[0] >= 0x20 || b[0] == 0x09) {
    if (!page_.ops.empty() && line_open_ && page_.ops.back().kind == PaperOp::Kind::text &&
        page_.ops.back().bold == bold_ && page_.ops.back().width == width_ &&
        page_.ops.back().height == height_ && page_.ops.back().chinese == chinese_) {
      page_.ops.back().gb18030.append(reinterpret_cast<const char*>(b), length);
    } else {
      PaperOp text = op(PaperOp::Kind::text);
      text.gb18030.assign(reinterpret_cast<const char*>(b), length);
      page_.ops.push_back(std::move(text));
    }
    line_open_ = true;
    advance_grid(b[0]);
    return;
  } else if (b[0] != 0x1B && b[0] != 0x1C && b[0] != 0x1D) {
    return;  // other control bytes (CR, NUL, ...) move nothing on paper, as on a real printer
  }
  char text[48];
  std::snprintf(text, sizeof text, "%02X %02X at byte %zu", b[0], length > 1 ? b[1] : 0, received_);
  unknown_.emplace_back(text);
}

}  // namespace yiwang::drivers
