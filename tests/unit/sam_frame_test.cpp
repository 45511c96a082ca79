// SAM frames: the request frames and replies of devices.md byte for byte, and the parser's errors.
#include <doctest/doctest.h>

#include "idcard/id_card.h"
#include "idcard/sam_frame.h"
#include "idcard/sim/reader_simulator.h"
#include "support/hex.h"

using namespace yiwang::drivers;
using yiwang::test::hex;
using yiwang::test::to_hex;

TEST_CASE("request frames match the documented bytes") {
  CHECK(to_hex(sam::encode_request(sam::kFindCard)) == "AA AA AA 96 69 00 03 20 01 22");
  CHECK(to_hex(sam::encode_request(sam::kSelectCard)) == "AA AA AA 96 69 00 03 20 02 21");
  CHECK(to_hex(sam::encode_request(sam::kReadText)) == "AA AA AA 96 69 00 03 30 01 32");
  CHECK(to_hex(sam::encode_request(sam::kReadTextFingerprint)) == "AA AA AA 96 69 00 03 30 10 23");
  CHECK(to_hex(sam::encode_request(sam::kReadSamId)) == "AA AA AA 96 69 00 03 12 FF EE");
  CHECK(to_hex(sam::encode_request(sam::kSamStatus)) == "AA AA AA 96 69 00 03 11 FF ED");
  CHECK(to_hex(sam::encode_request(sam::kResetSam)) == "AA AA AA 96 69 00 03 10 FF EC");
}

TEST_CASE("documented replies encode and parse") {
  CHECK(to_hex(sam::encode_response(0x90)) == "AA AA AA 96 69 00 04 00 00 90 94");
  const std::uint8_t found[4] = {0, 0, 0, 0};
  CHECK(to_hex(sam::encode_response(0x9F, found)) ==
        "AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97");
  CHECK(to_hex(sam::encode_response(0x80)) == "AA AA AA 96 69 00 04 00 00 80 84");

  sam::FrameParser parser;
  auto events = parser.feed(hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"));
  REQUIRE(events.size() == 1);
  CHECK_FALSE(events[0].error);
  auto response = sam::parse_response(events[0].body);
  REQUIRE(response);
  CHECK(response->status_ok());
  CHECK(response->sw3 == 0x9F);
  CHECK(response->data.size() == 4);
}

TEST_CASE("a bad checksum is reported and the parser resynchronises") {
  sam::FrameParser parser;
  auto events =
      parser.feed(hex("AA AA AA 96 69 00 04 00 00 90 95 AA AA AA 96 69 00 04 00 00 80 84"));
  REQUIRE(events.size() == 2);
  CHECK(events[0].error == sam::FrameError::badChecksum);
  CHECK_FALSE(events[1].error);
  CHECK(sam::parse_response(events[1].body)->sw3 == 0x80);
}

TEST_CASE("impossible lengths are reported") {
  sam::FrameParser parser;
  auto too_short = parser.feed(hex("AA AA AA 96 69 00 01 00"));
  REQUIRE(too_short.size() == 1);
  CHECK(too_short[0].error == sam::FrameError::badLength);
  auto too_long = parser.feed(hex("AA AA AA 96 69 FF FF 00"));
  REQUIRE(too_long.size() == 1);
  CHECK(too_long[0].error == sam::FrameError::badLength);
}

TEST_CASE("frames split across reads, garbage before, and two in one read") {
  sam::FrameParser parser;
  auto frame = hex("AA AA AA 96 69 00 04 00 00 90 94");
  std::vector<std::uint8_t> noise = hex("00 13 AA 96 AA AA");
  CHECK(parser.feed(noise).empty());
  for (std::size_t i = 0; i + 1 < frame.size(); ++i) CHECK(parser.feed({&frame[i], 1}).empty());
  auto last = parser.feed({&frame.back(), 1});
  REQUIRE(last.size() == 1);
  CHECK_FALSE(last[0].error);

  std::vector<std::uint8_t> two = frame;
  two.insert(two.end(), frame.begin(), frame.end());
  CHECK(parser.feed(two).size() == 2);
  // A run of four AA before 96 69 still frames.
  CHECK(parser.feed(hex("AA AA AA AA 96 69 00 04 00 00 90 94")).size() == 1);
}

TEST_CASE("a full read reply parses to the card's fields") {
  const IdCard card = *sample_card("zhang-san");
  const std::vector<std::uint8_t> photo(1024, 0x5A);
  auto data = sam::encode_read_reply_data(encode_card_text(card), photo);
  CHECK(yiwang::test::to_hex({data.begin(), data.begin() + 4}) == "01 00 04 00");
  auto frame = sam::encode_response(0x90, data);
  CHECK(frame.size() == 1295);
  CHECK(frame[5] == 0x05);
  CHECK(frame[6] == 0x08);

  sam::FrameParser parser;
  auto events = parser.feed(frame);
  REQUIRE(events.size() == 1);
  auto response = sam::parse_response(events[0].body);
  REQUIRE(response);
  auto reply = sam::parse_read_reply(response->data, false);
  REQUIRE(reply);
  CHECK(reply->photo.size() == 1024);
  auto parsed = parse_card_text(reply->text);
  REQUIRE(parsed);
  CHECK(parsed.value().name == "张三");
  CHECK(parsed.value().sex_code == "1");
  CHECK(parsed.value().nation_code == "01");
  CHECK(nation_name_zh(parsed.value().nation_code) == "汉");
  CHECK(parsed.value().birth == "19491231");
  CHECK(parsed.value().address == "北京市东城区景山前街4号");
  CHECK(parsed.value().id_number == "11010519491231002X");
  CHECK(parsed.value().authority == "北京市公安局东城分局");
  CHECK(parsed.value().valid_to == "20400101");
}

TEST_CASE("SW3 codes map to retry or fault") {
  CHECK(sam::describe_sw3(0x80).kind == FailureKind::retry);
  CHECK(sam::describe_sw3(0x41).kind == FailureKind::retry);
  CHECK(sam::describe_sw3(0x60).kind == FailureKind::fault);
  CHECK(sam::describe_sw3(0x66).kind == FailureKind::fault);
  CHECK(sam::describe_sw3(0xEE).kind == FailureKind::fault);
}
