// Card text: all four layouts built byte by byte from the offsets in devices.md (not through the
// encoder), wrapped in a checksummed 1295-byte reply frame; paddings, 长期, check digits, expiry,
// GB 3304 nations, sex names, and the SW3 table.
#include <doctest/doctest.h>

#include <map>

#include "idcard/id_card.h"
#include "idcard/id_number.h"
#include "idcard/sam_frame.h"

using namespace yiwang::drivers;

namespace {

// 256 bytes of UCS-2LE spaces, with fields written at documented offsets. Only ASCII and BMP
// characters occur on cards.
struct CardText {
  std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(256, 0);
  explicit CardText(std::uint8_t pad_low = 0x20) {
    for (std::size_t i = 0; i < 256; i += 2) bytes[i] = pad_low;
  }
  CardText& at(std::size_t offset, std::size_t size, const std::u16string& value) {
    REQUIRE(value.size() * 2 <= size);
    for (std::size_t i = 0; i < value.size(); ++i) {
      bytes[offset + 2 * i] = static_cast<std::uint8_t>(value[i] & 0xFF);
      bytes[offset + 2 * i + 1] = static_cast<std::uint8_t>(value[i] >> 8);
    }
    return *this;
  }
};

// The whole reply a reader sends for 30 01, checksum computed here from the rule in devices.md.
std::vector<std::uint8_t> read_reply_frame(const std::vector<std::uint8_t>& text) {
  std::vector<std::uint8_t> frame{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x05, 0x08,
                                  0x00, 0x00, 0x90, 0x01, 0x00, 0x04, 0x00};
  frame.insert(frame.end(), text.begin(), text.end());
  for (int i = 0; i < 1024; ++i) frame.push_back(static_cast<std::uint8_t>(i));
  std::uint8_t checksum = 0;
  for (std::size_t i = 5; i < frame.size(); ++i) checksum ^= frame[i];
  frame.push_back(checksum);
  return frame;
}

IdCard through_the_wire(const std::vector<std::uint8_t>& text) {
  const auto frame = read_reply_frame(text);
  REQUIRE(frame.size() == 1295);
  sam::FrameParser parser;
  auto events = parser.feed(frame);
  REQUIRE(events.size() == 1);
  REQUIRE_FALSE(events[0].error);
  auto response = sam::parse_response(events[0].body);
  REQUIRE(response);
  CHECK(response->sw3 == 0x90);
  auto reply = sam::parse_read_reply(response->data, false);
  REQUIRE(reply);
  CHECK(reply->photo.size() == 1024);
  CHECK(reply->photo[3] == 3);  // raw WLT bytes, untouched
  auto card = parse_card_text(reply->text);
  REQUIRE_MESSAGE(card, (card ? "" : card.error().message));
  return card.value();
}

}  // namespace

TEST_CASE("resident card: every field at its documented offset") {
  CardText t;
  t.at(0, 30, u"张三").at(30, 2, u"1").at(32, 4, u"01").at(36, 16, u"19491231");
  t.at(52, 70, u"北京市东城区景山前街4号").at(122, 36, u"11010519491231002X");
  t.at(158, 30, u"北京市公安局东城分局").at(188, 16, u"20200101").at(204, 16, u"20400101");
  const IdCard card = through_the_wire(t.bytes);
  CHECK(card.type == CardType::resident);
  CHECK(card.name == "张三");
  CHECK(card.sex_code == "1");
  CHECK(sex_name(card.sex_code).zh == "男");
  CHECK(card.nation_code == "01");
  CHECK(nation_name_zh(card.nation_code) == "汉");
  CHECK(card.birth == "19491231");
  CHECK(card.address == "北京市东城区景山前街4号");
  CHECK(card.id_number == "11010519491231002X");
  CHECK(card.authority == "北京市公安局东城分局");
  CHECK(card.valid_from == "20200101");
  CHECK(card.valid_to == "20400101");
  CHECK(check_card(card, "20261122") == CardCheck::valid);
  CHECK(to_string(card.type) == "resident");
}

TEST_CASE("residence permit (J): pass number, issue count, no nation") {
  CardText t;
  t.at(0, 30, u"陈大文").at(30, 2, u"1").at(36, 16, u"19810803");
  t.at(52, 70, u"广东省深圳市福田区").at(122, 36, u"810000198108030031");
  t.at(158, 30, u"深圳市公安局").at(188, 16, u"20230601").at(204, 16, u"20280601");
  t.at(220, 18, u"H12345678").at(238, 4, u"03").at(248, 2, u"J");
  const IdCard card = through_the_wire(t.bytes);
  CHECK(card.type == CardType::hmtResidence);
  CHECK(card.name == "陈大文");
  CHECK(card.pass_number == "H12345678");
  CHECK(card.issue_count == "03");
  CHECK(card.nation_code.empty());
  CHECK(card.id_number == "810000198108030031");
  CHECK(check_card(card, "20261122") == CardCheck::valid);
  CHECK(to_string(card.type) == "hmt_residence");
  // A J card must carry a Hong Kong, Macao or Taiwan number.
  CHECK(card_number_valid(CardType::hmtResidence, "810000198108030031"));
  CHECK_FALSE(card_number_valid(CardType::hmtResidence, "11010519491231002X"));
  CHECK_FALSE(card_number_valid(CardType::hmtResidence, "810000198108030032"));
}

TEST_CASE("foreign permanent resident card 2017 (I)") {
  CardText t;
  t.at(0, 120, u"SMITH, JOHN").at(120, 2, u"1").at(122, 30, u"USA110080011501");
  t.at(152, 6, u"USA").at(158, 30, u"史密斯").at(188, 16, u"20180310").at(204, 16, u"20280310");
  t.at(220, 16, u"19800115").at(236, 4, u"01").at(240, 8, u"1100").at(248, 2, u"I");
  const IdCard card = through_the_wire(t.bytes);
  CHECK(card.type == CardType::foreignPermanent2017);
  CHECK(card.name_en == "SMITH, JOHN");
  CHECK(card.name == "史密斯");
  CHECK(card.display_name() == "史密斯");
  CHECK(card.sex_code == "1");
  CHECK(card.id_number == "USA110080011501");
  CHECK(card.nationality == "USA");
  CHECK(card.valid_from == "20180310");
  CHECK(card.valid_to == "20280310");
  CHECK(card.birth == "19800115");
  CHECK(card.card_version == "01");
  CHECK(card.authority == "1100");
  CHECK(card.address.empty());
  CHECK(check_card(card, "20261122") == CardCheck::valid);
  CHECK(to_string(card.type) == "foreign_permanent");
  CHECK_FALSE(card_number_valid(CardType::foreignPermanent2017, "US1110080011501"));
  CHECK_FALSE(card_number_valid(CardType::foreignPermanent2017, "USA11008001150"));
  // Its birth date (YYMMDD after the four-digit place of issue) must be a month and a day.
  CHECK_FALSE(card_number_valid(CardType::foreignPermanent2017, "USA110080131501"));
  CHECK_FALSE(card_number_valid(CardType::foreignPermanent2017, "USA110080010001"));
  // A 2017 card without a Chinese name is addressed by its English name.
  CardText no_chinese = t;
  for (std::size_t i = 158; i < 188; i += 2) {
    no_chinese.bytes[i] = 0x20;
    no_chinese.bytes[i + 1] = 0x00;
  }
  CHECK(through_the_wire(no_chinese.bytes).display_name() == "SMITH, JOHN");
}

TEST_CASE("foreign permanent resident card 2023 (Y): English name across both fields") {
  // 35 characters fill the first English-name field exactly; the rest continues at 220.
  const std::u16string first = u"GARCIA LOPEZ, MARIA FERNANDA DE LOS";
  REQUIRE(first.size() == 35);
  CardText t;
  t.at(0, 30, u"玛丽亚").at(30, 2, u"2").at(32, 4, u"01").at(36, 16, u"19850101");
  t.at(52, 70, first).at(122, 36, u"932682198501010017").at(188, 16, u"20240115");
  t.at(204, 16, u"20340115").at(220, 22, u" ANGELES").at(242, 6, u"ESP").at(248, 2, u"Y");
  const IdCard card = through_the_wire(t.bytes);
  CHECK(card.type == CardType::foreignPermanent2023);
  CHECK(card.name == "玛丽亚");
  CHECK(card.name_en == "GARCIA LOPEZ, MARIA FERNANDA DE LOS ANGELES");
  CHECK(card.sex_code == "2");
  CHECK(sex_name(card.sex_code).en == "Female");
  CHECK(card.issue_count == "01");
  CHECK(card.birth == "19850101");
  CHECK(card.id_number == "932682198501010017");
  CHECK(card.nationality == "ESP");
  CHECK(card.valid_to == "20340115");
  CHECK(check_card(card, "20261122") == CardCheck::valid);
  // Y numbers: 18 digits starting with 9, resident check digit.
  CHECK(card_number_valid(CardType::foreignPermanent2023, "911124198108030024"));
  CHECK_FALSE(card_number_valid(CardType::foreignPermanent2023, "932682198501010018"));
  CHECK_FALSE(card_number_valid(CardType::foreignPermanent2023, "11010519491231002X"));
}

TEST_CASE("the encoder writes what the documented layouts say, for every type") {
  for (const char* name : {"zhang-san", "li-si", "chan-tai-man", "john-smith", "maria-garcia"}) {
    CAPTURE(name);
    IdCard card;
    if (std::string(name) == "zhang-san") {
      card.type = CardType::resident;
      card.name = "张三";
      card.id_number = "11010519491231002X";
    } else if (std::string(name) == "li-si") {
      card.name = "李四";
      card.id_number = "46010819850101002X";
      card.valid_to = "长期";
    } else if (std::string(name) == "chan-tai-man") {
      card.type = CardType::hmtResidence;
      card.name = "陈大文";
      card.id_number = "810000198108030031";
      card.pass_number = "H1";
    } else if (std::string(name) == "john-smith") {
      card.type = CardType::foreignPermanent2017;
      card.name_en = "SMITH, JOHN";
      card.id_number = "USA110080011501";
    } else {
      card.type = CardType::foreignPermanent2023;
      card.name_en = std::string(40, 'A') + "B";
      card.id_number = "932682198501010017";
    }
    const auto text = encode_card_text(card);
    REQUIRE(text.size() == 256);
    const auto parsed = parse_card_text(text);
    REQUIRE(parsed);
    CHECK(parsed.value().type == card.type);
    CHECK(parsed.value().name == card.name);
    CHECK(parsed.value().name_en == card.name_en);
    CHECK(parsed.value().id_number == card.id_number);
    CHECK(parsed.value().valid_to == card.valid_to);
    CHECK(parsed.value().pass_number == card.pass_number);
  }
  // Spot checks against the offsets: the 2023 number at 122, the 2017 flag at 248.
  IdCard y;
  y.type = CardType::foreignPermanent2023;
  y.name_en = "X";
  y.id_number = "932682198501010017";
  const auto text = encode_card_text(y);
  CHECK(text[122] == '9');
  CHECK(text[248] == 'Y');
}

TEST_CASE("NUL padding reads the same as space padding, for every layout") {
  CardText spaced;
  spaced.at(0, 30, u"李四").at(30, 2, u"2").at(32, 4, u"08").at(36, 16, u"19850101");
  spaced.at(52, 70, u"海口市美兰区").at(122, 36, u"46010819850101002X");
  spaced.at(158, 30, u"海口市公安局").at(188, 16, u"20150301").at(204, 16, u"长期");
  CardText nulled(0x00);
  nulled.at(0, 30, u"李四").at(30, 2, u"2").at(32, 4, u"08").at(36, 16, u"19850101");
  nulled.at(52, 70, u"海口市美兰区").at(122, 36, u"46010819850101002X");
  nulled.at(158, 30, u"海口市公安局").at(188, 16, u"20150301").at(204, 16, u"长期");
  const IdCard a = through_the_wire(spaced.bytes);
  const IdCard b = through_the_wire(nulled.bytes);  // the flag byte is NUL too
  CHECK(b.type == CardType::resident);
  CHECK(a.name == b.name);
  CHECK(a.address == b.address);
  CHECK(a.authority == b.authority);
  CHECK(b.valid_to == "长期");
  CHECK(b.nation_code == "08");
  CHECK(nation_name_zh(b.nation_code) == "壮");
  CHECK(check_card(b, "20991231") == CardCheck::valid);  // 长期 never expires

  CardText foreign(0x00);
  foreign.at(0, 120, u"SMITH, JOHN").at(120, 2, u"1").at(122, 30, u"USA110080011501");
  foreign.at(152, 6, u"USA").at(188, 16, u"20180310").at(204, 16, u"20280310");
  foreign.at(248, 2, u"I");
  const IdCard c = through_the_wire(foreign.bytes);
  CHECK(c.name.empty());
  CHECK(c.name_en == "SMITH, JOHN");
  CHECK(c.nationality == "USA");
}

TEST_CASE("expired, not yet valid, bad numbers and bad dates are recognised") {
  IdCard card;
  card.name = "王五";
  card.id_number = "11010519491231002X";
  card.valid_from = "20050301";
  card.valid_to = "20250301";
  CHECK(check_card(card, "20250301") == CardCheck::valid);  // valid through its last day
  CHECK(check_card(card, "20250302") == CardCheck::expired);
  CHECK(check_card(card, "20050228") == CardCheck::notYetValid);
  card.valid_to = "2025031";
  CHECK(check_card(card, "20250101") == CardCheck::badDates);
  card.valid_to = "长期";
  card.id_number = "340524198001010013";
  CHECK(check_card(card, "20250101") == CardCheck::badNumber);
}

TEST_CASE("unknown flags, short texts and nameless cards are refused") {
  CardText t;
  t.at(0, 30, u"张三").at(122, 36, u"11010519491231002X").at(248, 2, u"Q");
  auto refused = parse_card_text(t.bytes);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("unknown card type") != std::string::npos);
  CHECK_FALSE(parse_card_text(std::vector<std::uint8_t>(100, 0x20)));
  CardText nameless;
  nameless.at(122, 36, u"11010519491231002X");
  CHECK_FALSE(parse_card_text(nameless.bytes));
}

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

TEST_CASE("the whole GB 3304 nation table, and sex codes") {
  const std::map<std::string, std::string> some{
      {"01", "汉"},   {"02", "蒙古"},     {"05", "维吾尔"},   {"10", "朝鲜"},
      {"23", "高山"}, {"29", "柯尔克孜"}, {"43", "乌孜别克"}, {"44", "俄罗斯"},
      {"55", "珞巴"}, {"56", "基诺"},     {"97", "其他"},     {"98", "外国血统中国籍人士"}};
  for (const auto& [code, name] : some) CHECK(nation_name_zh(code) == name);
  int named = 0;
  for (int i = 0; i < 100; ++i) {
    const std::string code =
        std::string(1, static_cast<char>('0' + i / 10)) + static_cast<char>('0' + i % 10);
    named += !nation_name_zh(code).empty();
  }
  CHECK(named == 58);  // 56 nations, 其他 and 外国血统中国籍人士
  CHECK(nation_name_zh("00").empty());
  CHECK(nation_name_zh("57").empty());
  CHECK(nation_name_zh("1").empty());
  CHECK(sex_name("0").zh == "未知");
  CHECK(sex_name("9").zh == "未说明");
  CHECK(sex_name("3").zh.empty());
}

TEST_CASE("every documented SW3 code: its kind") {
  // retry: the resident can fix it (place the card again); fault: a technician must.
  const std::map<std::uint8_t, FailureKind> table{
      {0x80, FailureKind::retry}, {0x81, FailureKind::retry}, {0x41, FailureKind::retry},
      {0x40, FailureKind::retry}, {0x10, FailureKind::retry}, {0x11, FailureKind::retry},
      {0x21, FailureKind::fault}, {0x23, FailureKind::fault}, {0x24, FailureKind::fault},
      {0x31, FailureKind::retry}, {0x32, FailureKind::retry}, {0x33, FailureKind::retry},
      {0x37, FailureKind::retry}, {0x3F, FailureKind::retry}, {0x47, FailureKind::fault},
      {0x60, FailureKind::fault}, {0x66, FailureKind::fault}, {0x91, FailureKind::retry}};
  for (const auto& [sw3, kind] : table) {
    CAPTURE(static_cast<int>(sw3));
    const auto meaning = sam::describe_sw3(sw3);
    CHECK(meaning.kind == kind);
    CHECK(meaning.description != "undocumented status");
  }
  CHECK(sam::describe_sw3(0xEE).kind == FailureKind::fault);
  CHECK(sam::describe_sw3(0xEE).description == "undocumented status");
}

TEST_CASE("wipe clears every personal field") {
  IdCard card;
  card.name = "张三";
  card.name_en = "ZHANG SAN";
  card.nationality = "CHN";
  card.address = "地址";
  card.id_number = "11010519491231002X";
  card.pass_number = "H1";
  card.photo_wlt.assign(1024, 7);
  card.wipe();
  CHECK(card.name.empty());
  CHECK(card.name_en.empty());
  CHECK(card.nationality.empty());
  CHECK(card.id_number.empty());
  CHECK(card.address.empty());
  CHECK(card.pass_number.empty());
  CHECK(card.photo_wlt.empty());
}
