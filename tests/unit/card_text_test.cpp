// Card text: paddings, 长期 validity, the J layout, unknown flags, ID-number check digits.
#include <doctest/doctest.h>

#include "common/ucs2.h"
#include "idcard/id_card.h"
#include "idcard/id_number.h"

using namespace yiwang::drivers;

TEST_CASE("ID-number check digits from devices.md") {
  CHECK(id_number_valid("11010519491231002X"));
  CHECK(id_number_valid("932682198501010017"));
  CHECK(id_number_valid("911124198108030024"));
  CHECK_FALSE(id_number_valid("340524198001010013"));
  CHECK_FALSE(id_number_valid("110101197608056896"));
  CHECK(id_number_valid("11010519491231002x"));  // lower-case x is the same check character
  CHECK_FALSE(id_number_valid("1101051949123100"));
  CHECK_FALSE(id_number_valid("1101051949123100AX"));
}

TEST_CASE("NUL padding reads the same as space padding") {
  IdCard card{CardType::resident,   "李四",         "2",        "08",   "19850101", "海口市美兰区",
              "46010819850101002X", "海口市公安局", "20150301", "长期", "",         {}};
  auto spaced = encode_card_text(card);
  auto nulled = spaced;
  // Replace every UCS-2 space (20 00) with NUL.
  for (std::size_t i = 0; i + 1 < nulled.size(); i += 2) {
    if (nulled[i] == 0x20 && nulled[i + 1] == 0) nulled[i] = 0;
  }
  nulled[248] = 0;  // the flag byte is NUL-padded too on such readers
  auto a = parse_card_text(spaced);
  auto b = parse_card_text(nulled);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a.value().name == b.value().name);
  CHECK(a.value().address == b.value().address);
  CHECK(b.value().valid_to == "长期");
  CHECK(b.value().type == CardType::resident);
}

TEST_CASE("residence permit layout") {
  IdCard card{
      CardType::hmtResidence, "陈大文",       "1",        "",         "19810803",  "深圳市福田区",
      "810000198108030031",   "深圳市公安局", "20230601", "20280601", "H12345678", {}};
  auto parsed = parse_card_text(encode_card_text(card));
  REQUIRE(parsed);
  CHECK(parsed.value().type == CardType::hmtResidence);
  CHECK(parsed.value().pass_number == "H12345678");
  CHECK(parsed.value().nation_code.empty());
  CHECK(id_number_valid(parsed.value().id_number));
}

TEST_CASE("foreign cards and unknown flags are refused clearly") {
  auto text = utf8_to_ucs2le("", 256);
  text[248] = 'I';
  auto refused = parse_card_text(text);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("foreign") != std::string::npos);
  text[248] = 'Q';
  CHECK_FALSE(parse_card_text(text));
  CHECK_FALSE(parse_card_text(std::vector<std::uint8_t>(100, 0x20)));
}

TEST_CASE("wipe clears every personal field") {
  IdCard card{CardType::resident,
              "张三",
              "1",
              "01",
              "19491231",
              "地址",
              "11010519491231002X",
              "机关",
              "20200101",
              "20400101",
              "",
              std::vector<std::uint8_t>(1024, 7)};
  card.wipe();
  CHECK(card.name.empty());
  CHECK(card.id_number.empty());
  CHECK(card.address.empty());
  CHECK(card.photo_wlt.empty());
}
