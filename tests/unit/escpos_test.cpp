// ESC/POS: the QR example of devices.md and GB18030 text, byte for byte.
#include <doctest/doctest.h>

#include "receipt/escpos_encoder.h"
#include "receipt/gb18030.h"
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
