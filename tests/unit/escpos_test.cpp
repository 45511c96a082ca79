// ESC/POS: the QR example of devices.md and GB18030 text, byte for byte.
#include <doctest/doctest.h>

#include "common/gb18030.h"
#include "receipt/escpos_encoder.h"
#include "receipt/escpos_replies.h"
#include "receipt/escpos_status.h"
#include "receipt/text_layout.h"
#include "support/hex.h"

using namespace yiwang::drivers;
using yiwang::test::to_hex;

TEST_CASE("QR code for ABC is the documented GS ( k sequence") {
  EscPosEncoder encoder;
  encoder.qr("ABC", 6, QrErrorCorrection::M);
  CHECK(to_hex(encoder.bytes()) ==
        "1D 28 6B 04 00 31 41 32 00 "
        "1D 28 6B 03 00 31 43 06 "
        "1D 28 6B 03 00 31 45 31 "
        "1D 28 6B 06 00 31 50 30 41 42 43 "
        "1D 28 6B 03 00 31 51 30");
}

TEST_CASE("Chinese text goes out as GB18030") {
  EscPosEncoder encoder;
  encoder.text("政务服务");
  CHECK(to_hex(encoder.bytes()) == "D5 FE CE F1 B7 FE CE F1");
  auto back = gb18030_to_utf8(std::string(encoder.bytes().begin(), encoder.bytes().end()));
  REQUIRE(back);
  CHECK(back.value() == "政务服务");
}

TEST_CASE("formatting commands") {
  EscPosEncoder encoder;
  encoder.initialise()
      .bold(true)
      .bold(false)
      .align(Align::centre)
      .size(2, 3)
      .feed(4)
      .cut(false, 2)
      .cut(true, 0)
      .chinese_mode(true)
      .chinese_mode(false);
  CHECK(to_hex(encoder.bytes()) ==
        "1B 40 1B 45 01 1B 45 00 1B 61 01 1D 21 12 1B 64 04 1D 56 41 02 1D 56 42 00 1C 26 1C 2E");
}

TEST_CASE("a long QR payload puts its length little-endian") {
  EscPosEncoder encoder;
  encoder.qr(std::string(300, 'x'), 4, QrErrorCorrection::L);
  const auto& b = encoder.bytes();
  // store command starts after the three 8-byte, 8-byte, 8-byte settings (9 + 8 + 8 = 25 bytes)
  CHECK(b[25 + 3] == (303 & 0xFF));
  CHECK(b[25 + 4] == (303 >> 8));
}

TEST_CASE("raster image: GS v 0 with width in bytes and height little-endian, rows MSB first") {
  Bitmap image(10, 2);  // two bytes per row
  image.set(0, 0);
  image.set(9, 0);
  image.set(8, 1);
  EscPosEncoder encoder;
  encoder.raster(image);
  CHECK(to_hex(encoder.bytes()) == "1D 76 30 00 02 00 02 00 80 40 00 80");
}

TEST_CASE("status requests, the in-order answer request, and clearing the printer's buffers") {
  CHECK(to_hex(realtime_status_request(1)) == "10 04 01");
  CHECK(to_hex(realtime_status_request(4)) == "10 04 04");
  CHECK(to_hex(EscPosEncoder().transmit_paper_status().bytes()) == "1D 72 01");
  CHECK(to_hex(clear_printer_buffers()) == "10 14 08 01 03 14 01 06 02 08");
}

TEST_CASE("every documented status bit") {
  // devices.md examples for n=4.
  PrinterStatusBits bits;
  REQUIRE(apply_realtime_status(4, 0x12, bits));
  CHECK(condition_of(bits).paper == PaperState::full);
  REQUIRE(apply_realtime_status(4, 0x1E, bits));
  CHECK(bits.paper_near_end);
  CHECK(condition_of(bits).paper == PaperState::low);
  CHECK(condition_of(bits).can_print());
  REQUIRE(apply_realtime_status(4, 0x72, bits));
  CHECK(bits.paper_end);
  CHECK(condition_of(bits).paper == PaperState::out);
  CHECK_FALSE(condition_of(bits).can_print());
  // Each bit alone, n=1..3, and its meaning.
  struct Case {
    int n;
    std::uint8_t reply;
    bool PrinterStatusBits::*bit;
    DeviceState state;
    const char* reason;
  };
  const Case cases[] = {
      {1, 0x12 | 0x08, &PrinterStatusBits::offline, DeviceState::offline, "offline"},
      {2, 0x12 | 0x04, &PrinterStatusBits::cover_open, DeviceState::userError, "cover_open"},
      {2, 0x12 | 0x08, &PrinterStatusBits::feed_button, DeviceState::online, ""},
      {2, 0x12 | 0x20, &PrinterStatusBits::stopped_at_paper_end, DeviceState::userError,
       "paper_out"},
      {2, 0x12 | 0x40, &PrinterStatusBits::error, DeviceState::hardwareError, "error"},
      {3, 0x12 | 0x08, &PrinterStatusBits::cutter_error, DeviceState::hardwareError,
       "cutter_error"},
      {3, 0x12 | 0x20, &PrinterStatusBits::unrecoverable, DeviceState::hardwareError,
       "unrecoverable_error"},
      {3, 0x12 | 0x40, &PrinterStatusBits::auto_recoverable, DeviceState::hardwareError,
       "recoverable_error"},
      {4, 0x12 | 0x04, &PrinterStatusBits::paper_near_end, DeviceState::online, "paper_low"},
      {4, 0x12 | 0x08, &PrinterStatusBits::paper_near_end, DeviceState::online, "paper_low"},
      {4, 0x12 | 0x20, &PrinterStatusBits::paper_end, DeviceState::userError, "paper_out"},
      {4, 0x12 | 0x40, &PrinterStatusBits::paper_end, DeviceState::userError, "paper_out"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.n);
    CAPTURE(int(c.reply));
    PrinterStatusBits one;
    REQUIRE(apply_realtime_status(c.n, c.reply, one));
    CHECK(one.*c.bit);
    CHECK(condition_of(one).state == c.state);
    CHECK(condition_of(one).reason == c.reason);
  }
  PrinterStatusBits jam;
  REQUIRE(apply_realtime_status(3, 0x1A, jam));
  CHECK(condition_of(jam).paper == PaperState::jammed);
  // Not a status byte (bit 4 clear, or bit 1 clear, or bit 7 set), or no such n: refused.
  PrinterStatusBits untouched;
  CHECK_FALSE(apply_realtime_status(1, 0x02, untouched));
  CHECK_FALSE(apply_realtime_status(1, 0x10, untouched));
  CHECK_FALSE(apply_realtime_status(1, 0x92, untouched));
  CHECK_FALSE(apply_realtime_status(5, 0x12, untouched));
}

namespace {
std::vector<PrinterReply> parse_in_chunks(const std::vector<std::uint8_t>& bytes,
                                          std::size_t chunk) {
  ReplyParser parser;
  std::vector<PrinterReply> out;
  for (std::size_t at = 0; at < bytes.size(); at += chunk)
    parser.feed(std::span(bytes).subspan(at, std::min(chunk, bytes.size() - at)), out);
  return out;
}
}  // namespace

TEST_CASE("replies are whole blocks: a stray 00 or an ASB block is never an answer") {
  // Clear answer, ASB block, real-time status, transaction number, GS r (near end), GS I text.
  const std::vector<std::uint8_t> stream = {0x37, 0x25, 0x00, 0x10, 0x00, 0x03, 0x00,
                                            0x12, 0x37, 0x22, 'J',  '0',  '0',  '7',
                                            0x00, 0x03, 0x5F, 'T',  'M',  0x00};
  for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, stream.size()}) {
    CAPTURE(chunk);
    const auto replies = parse_in_chunks(stream, chunk);
    REQUIRE(replies.size() == 6);
    CHECK(replies[0].kind == PrinterReply::Kind::buffers_cleared);
    CHECK(replies[1].kind == PrinterReply::Kind::automatic_status);
    CHECK(automatic_status_of(replies[1].block).paper_near_end);
    CHECK(replies[2].kind == PrinterReply::Kind::realtime_status);
    CHECK(replies[3].kind == PrinterReply::Kind::transaction);
    CHECK(replies[3].text == "J007");
    CHECK(replies[4].kind == PrinterReply::Kind::paper_sensor);
    CHECK(paper_sensor_near_end(replies[4].byte));
    CHECK_FALSE(paper_sensor_end(replies[4].byte));
    CHECK(replies[5].kind == PrinterReply::Kind::printer_info);
    CHECK(replies[5].text == "TM");
  }
  // The documented GS r layout: near end bits 0-1, end bits 2-3.
  CHECK(paper_sensor_end(0x0C));
  CHECK_FALSE(paper_sensor_near_end(0x0C));
  CHECK_FALSE(paper_sensor_near_end(0x00));
  CHECK(to_hex(transaction_number_request("J007")) == "1D 28 48 06 00 30 30 4A 30 30 37");
  CHECK(to_hex(realtime_commands(false)) == "1D 28 44 05 00 14 01 00 02 00");
}

TEST_CASE("display width and wrapping: CJK counts double, words move whole") {
  CHECK(display_width("政务服务") == 8);
  CHECK(display_width("ABC") == 3);
  CHECK(display_width("ＡＢ") == 4);       // full-width forms
  CHECK(display_width("e\xCC\x81") == 1);  // e + combining acute
  CHECK(wrap_text("政务服务中心", 5) == std::vector<std::string>{"政务", "服务", "中心"});
  CHECK(wrap_text("Certificate of household registration", 16) ==
        std::vector<std::string>{"Certificate of", "household", "registration"});
  CHECK(wrap_text("受理编号 Case number", 12) ==
        std::vector<std::string>{"受理编号", "Case number"});
  CHECK(wrap_text("ABCDEFGHIJ", 4) == std::vector<std::string>{"ABCD", "EFGH", "IJ"});
  CHECK(wrap_text("", 10) == std::vector<std::string>{""});
  for (const auto& line : wrap_text("海口市美兰区政务服务中心 24小时自助服务区 Meilan", 11))
    CHECK(display_width(line) <= 11);
}
