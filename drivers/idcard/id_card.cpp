// Field layouts of the card text (offsets and sizes in bytes, from devices.md) and their parsing.
#include "idcard/id_card.h"

#include "common/ucs2.h"

namespace yiwang::drivers {

namespace {

struct Field {
  std::size_t offset;
  std::size_t size;
};

constexpr Field kName{0, 30}, kSex{30, 2}, kNation{32, 4}, kBirth{36, 16}, kAddress{52, 70},
    kIdNumber{122, 36}, kAuthority{158, 30}, kValidFrom{188, 16}, kValidTo{204, 16},
    kPassNumber{220, 18}, kFlag{248, 2};

std::string field(std::span<const std::uint8_t> text, Field f) {
  return ucs2le_to_utf8(text.subspan(f.offset, f.size));
}

void put(std::vector<std::uint8_t>& text, Field f, std::string_view value) {
  auto encoded = utf8_to_ucs2le(value, f.size);
  std::copy(encoded.begin(), encoded.end(), text.begin() + static_cast<std::ptrdiff_t>(f.offset));
}

}  // namespace

std::string_view to_string(CardType type) {
  switch (type) {
    case CardType::resident:
      return "resident";
    case CardType::hmtResidence:
      return "hmt_residence";
    case CardType::foreignPermanent2017:
    case CardType::foreignPermanent2023:
      return "foreign_permanent";
  }
  return "resident";
}

void secure_wipe(std::string& text) {
  volatile char* p = text.data();
  for (std::size_t i = 0; i < text.size(); ++i) p[i] = 0;
  text.clear();
}

void IdCard::wipe() {
  for (std::string* s : {&name, &sex_code, &nation_code, &birth, &address, &id_number, &authority,
                         &valid_from, &valid_to, &pass_number}) {
    secure_wipe(*s);
  }
  volatile std::uint8_t* p = photo_wlt.data();
  for (std::size_t i = 0; i < photo_wlt.size(); ++i) p[i] = 0;
  photo_wlt.clear();
}

Result<IdCard, CardTextError> parse_card_text(std::span<const std::uint8_t> text) {
  if (text.size() != 256) return fail(CardTextError{"card text must be 256 bytes"});
  const std::uint8_t flag = text[kFlag.offset];
  IdCard card;
  switch (flag) {
    case ' ':
    case 0x00:
      card.type = CardType::resident;
      break;
    case 'J':
      card.type = CardType::hmtResidence;
      break;
    case 'I':
    case 'Y':
      return fail(CardTextError{"foreign permanent resident cards are not supported yet"});
    default:
      return fail(CardTextError{"unknown card type flag"});
  }
  card.name = field(text, kName);
  card.sex_code = field(text, kSex);
  card.birth = field(text, kBirth);
  card.address = field(text, kAddress);
  card.id_number = field(text, kIdNumber);
  card.authority = field(text, kAuthority);
  card.valid_from = field(text, kValidFrom);
  card.valid_to = field(text, kValidTo);
  if (card.type == CardType::resident) {
    card.nation_code = field(text, kNation);
  } else {
    card.pass_number = field(text, kPassNumber);
  }
  if (card.name.empty() || card.id_number.empty()) {
    return fail(CardTextError{"card text has no name or number"});
  }
  return card;
}

std::vector<std::uint8_t> encode_card_text(const IdCard& card) {
  std::vector<std::uint8_t> text = utf8_to_ucs2le("", 256);
  put(text, kName, card.name);
  put(text, kSex, card.sex_code);
  put(text, kBirth, card.birth);
  put(text, kAddress, card.address);
  put(text, kIdNumber, card.id_number);
  put(text, kAuthority, card.authority);
  put(text, kValidFrom, card.valid_from);
  put(text, kValidTo, card.valid_to);
  if (card.type == CardType::hmtResidence) {
    put(text, kPassNumber, card.pass_number);
    put(text, kFlag, "J");
  } else {
    put(text, kNation, card.nation_code);
  }
  return text;
}

std::string_view nation_name_zh(std::string_view code) {
  static constexpr std::string_view kNames[] = {
      "汉",     "蒙古",   "回",       "藏",     "维吾尔",   "苗",   "彝",     "壮",
      "布依",   "朝鲜",   "满",       "侗",     "瑶",       "白",   "土家",   "哈尼",
      "哈萨克", "傣",     "黎",       "傈僳",   "佤",       "畲",   "高山",   "拉祜",
      "水",     "东乡",   "纳西",     "景颇",   "柯尔克孜", "土",   "达斡尔", "仫佬",
      "羌",     "布朗",   "撒拉",     "毛南",   "仡佬",     "锡伯", "阿昌",   "普米",
      "塔吉克", "怒",     "乌孜别克", "俄罗斯", "鄂温克",   "德昂", "保安",   "裕固",
      "京",     "塔塔尔", "独龙",     "鄂伦春", "赫哲",     "门巴", "珞巴",   "基诺"};
  if (code == "97") return "其他";
  if (code == "98") return "外国血统中国籍人士";
  if (code.size() != 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') {
    return "";
  }
  const int index = (code[0] - '0') * 10 + (code[1] - '0');
  if (index < 1 || index > static_cast<int>(std::size(kNames))) return "";
  return kNames[index - 1];
}

}  // namespace yiwang::drivers
