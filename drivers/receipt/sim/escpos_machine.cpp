// EscPosMachine: command lengths, real-time look-ahead, and the paper operations of each command.
#include "receipt/sim/escpos_machine.h"

#include <algorithm>
#include <cstdio>

#include "common/gb18030.h"

namespace yiwang::drivers {

namespace {
constexpr std::size_t kMaxBuffer = 1 << 22;  // a flood is cut off, not kept forever

PaperOp plain(PaperOp::Kind kind, int lines = 0) {
  PaperOp op;
  op.kind = kind;
  op.lines = lines;
  return op;
}
}  // namespace

std::string Page::text() const {
  std::string out;
  for (const PaperOp& op : ops) {
    if (op.kind == PaperOp::Kind::text) {
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

bool EscPosMachine::can_print() const {
  return paper_ != PaperState::out && !cover_open_ && !cutter_jammed_;
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
  if (buffer_.size() + bytes.size() > kMaxBuffer) {
    unknown_.push_back("receive buffer overflow: " + std::to_string(bytes.size()) + " bytes lost");
    return;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  run(replies);
}

bool EscPosMachine::is_realtime(std::size_t at) const {
  return buffer_[at] == 0x10 && at + 1 < buffer_.size() &&
         (buffer_[at + 1] == 0x04 || buffer_[at + 1] == 0x14);
}

std::size_t EscPosMachine::command_length(std::size_t at) const {
  const std::size_t left = buffer_.size() - at;
  auto need = [&](std::size_t n) -> std::size_t { return left >= n ? n : 0; };
  auto byte = [&](std::size_t k) -> int { return at + k < buffer_.size() ? buffer_[at + k] : -1; };
  const int c = byte(0);
  if (c == 0x10) {
    if (left < 2) return 0;
    if (byte(1) == 0x04) return need(3);
    if (byte(1) == 0x14) return need(byte(2) == 0x08 ? 10 : 5);
    return 1;
  }
  if (c == 0x1B) {
    if (left < 2) return 0;
    switch (byte(1)) {
      case 0x40:
        return 2;
      case 0x45:
      case 0x61:
      case 0x64:
        return need(3);
      default:
        return 2;
    }
  }
  if (c == 0x1C) return need(2);
  if (c == 0x1D) {
    if (left < 2) return 0;
    switch (byte(1)) {
      case 0x21:  // GS ! n
      case 0x72:  // GS r n
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
  // Text: a GB18030 character is 1, 2 or 4 bytes; keep it whole.
  if (c < 0x80) return 1;
  if (left < 2) return 0;
  if (byte(1) >= 0x30 && byte(1) <= 0x39) return need(4);
  return 2;
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

void EscPosMachine::realtime(std::size_t at, std::vector<std::uint8_t>& replies) {
  if (buffer_[at + 1] == 0x04) {
    const int n = buffer_[at + 2];
    if (n >= 1 && n <= 4) replies.push_back(status_byte(n));
    buffer_.erase(buffer_.begin() + static_cast<std::ptrdiff_t>(at),
                  buffer_.begin() + static_cast<std::ptrdiff_t>(at + 3));
    return;
  }
  // DLE DC4: fn 8 with its fixed parameters clears the buffers; other functions are ignored.
  const std::size_t length = buffer_[at + 2] == 0x08 ? 10 : 5;
  const bool clear = buffer_[at + 2] == 0x08;
  buffer_.erase(buffer_.begin() + static_cast<std::ptrdiff_t>(at),
                buffer_.begin() + static_cast<std::ptrdiff_t>(at + length));
  if (clear) {
    buffer_.clear();
    if (line_open_) page_.ops.push_back(plain(PaperOp::Kind::newline));
    line_open_ = false;
  }
}

void EscPosMachine::end_line() {
  page_.ops.push_back(plain(PaperOp::Kind::newline));
  line_open_ = false;
  ++lines_printed_;
  if (lines_left_ > 0 && --lines_left_ == 0) {
    paper_ = PaperState::out;
    lines_left_ = -1;
  }
}

void EscPosMachine::execute(std::size_t at, std::size_t length,
                            std::vector<std::uint8_t>& replies) {
  const std::uint8_t* b = buffer_.data() + at;
  auto op = [&](PaperOp::Kind kind) {
    PaperOp o;
    o.kind = kind;
    o.bold = bold_;
    o.width = width_;
    o.height = height_;
    o.align = align_;
    return o;
  };
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
        for (int i = 0; i < b[2] && lines_left_ != 0 && can_print(); ++i) {
          ++lines_printed_;
          if (lines_left_ > 0 && --lines_left_ == 0) paper_ = PaperState::out;
        }
        return;
      }
      default:
        break;
    }
  } else if (b[0] == 0x1C) {
    if (b[1] == 0x26 || b[1] == 0x2E) return;  // FS & / FS .: the font is GB18030 either way
  } else if (b[0] == 0x1D) {
    switch (b[1]) {
      case 0x21:
        width_ = (b[2] >> 4) + 1;
        height_ = (b[2] & 0x0F) + 1;
        return;
      case 0x72:
        if (b[2] == 1 || b[2] == '1')
          replies.push_back(static_cast<std::uint8_t>((paper_ == PaperState::low ? 0x0C : 0) |
                                                      (paper_ == PaperState::out ? 0x60 : 0)));
        return;
      case 0x56: {
        if (line_open_) end_line();
        if (length == 4) page_.ops.push_back(plain(PaperOp::Kind::feed, b[3]));
        page_.ops.push_back(plain(PaperOp::Kind::cut));
        page_.cut = true;
        cut_pages_.push_back(std::move(page_));
        page_ = Page{};
        return;
      }
      case 0x28:
        if (b[2] == 0x6B && length >= 7 && b[5] == 0x31) {
          const std::uint8_t fn = b[6];
          if (fn == 0x43 && length >= 8) qr_module_ = std::clamp<int>(b[7], 1, 16);
          if (fn == 0x50 && length >= 8)
            qr_data_.assign(reinterpret_cast<const char*>(b + 8), length - 8);
          if (fn == 0x51) {
            if (line_open_) end_line();
            PaperOp qr = op(PaperOp::Kind::qr);
            qr.qr_data = qr_data_;
            qr.module = qr_module_;
            page_.ops.push_back(qr);
            ++lines_printed_;
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
        ++lines_printed_;
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
        page_.ops.back().height == height_) {
      page_.ops.back().gb18030.append(reinterpret_cast<const char*>(b), length);
    } else {
      PaperOp text = op(PaperOp::Kind::text);
      text.gb18030.assign(reinterpret_cast<const char*>(b), length);
      page_.ops.push_back(std::move(text));
    }
    line_open_ = true;
    return;
  } else if (b[0] != 0x1B && b[0] != 0x1C && b[0] != 0x1D && b[0] != 0x10) {
    return;  // other control bytes (CR, NUL, ...) move nothing on paper, as on a real printer
  }
  char text[48];
  std::snprintf(text, sizeof text, "%02X %02X at byte %zu", b[0], length > 1 ? b[1] : 0,
                received_ - buffer_.size() + at);
  unknown_.emplace_back(text);
}

void EscPosMachine::run(std::vector<std::uint8_t>& replies) {
  std::size_t at = 0;
  while (at < buffer_.size()) {
    const std::size_t length = command_length(at);
    if (length == 0) break;  // incomplete: wait for more bytes
    if (is_realtime(at)) {
      realtime(at, replies);  // erases itself (or everything, for a clear)
      continue;
    }
    if (at > 0 || !can_print()) {
      at += length;  // printing stopped: only look ahead for real-time commands
      continue;
    }
    execute(0, length, replies);
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(length));
  }
}

}  // namespace yiwang::drivers
