// The four card text layouts (offsets and sizes in bytes, from devices.md), their parsing and
// encoding, and the checks a card must pass before it identifies anyone.
#include "idcard/id_card.h"

#include <algorithm>

#include "common/ucs2.h"
#include "idcard/id_number.h"

namespace yiwang::drivers {

namespace {

struct Field {
  std::size_t offset;
  std::size_t size;
};

constexpr Field kFlag{248, 2};

// Resident identity card; the residence permit (J) shares it up to offset 220.
namespace resident {
constexpr Field kName{0, 30}, kSex{30, 2}, kNation{32, 4}, kBirth{36, 16}, kAddress{52, 70},
    kNumber{122, 36}, kAuthority{158, 30}, kValidFrom{188, 16}, kValidTo{204, 16};
}  // namespace resident
namespace permit {
constexpr Field kPassNumber{220, 18}, kIssueCount{238, 4};
}  // namespace permit
// Foreign permanent resident card, 2017 (I).
namespace foreign2017 {
constexpr Field kNameEn{0, 120}, kSex{120, 2}, kNumber{122, 30}, kNationality{152, 6},
    kName{158, 30}, kValidFrom{188, 16}, kValidTo{204, 16}, kBirth{220, 16}, kVersion{236, 4},
    kOffice{240, 8};
}  // namespace foreign2017
// Foreign permanent resident card, 2023 (Y; one source: keep the parser tolerant).
namespace foreign2023 {
constexpr Field kName{0, 30}, kSex{30, 2}, kRenewals{32, 4}, kBirth{36, 16}, kNameEn1{52, 70},
    kNumber{122, 36}, kValidFrom{188, 16}, kValidTo{204, 16}, kNameEn2{220, 22},
    kNationality{242, 6};
}  // namespace foreign2023

std::string field(std::span<const std::uint8_t> text, Field f) {
  return ucs2le_to_utf8(text.subspan(f.offset, f.size));
}

void put(std::vector<std::uint8_t>& text, Field f, std::string_view value) {
  auto encoded = utf8_to_ucs2le(value, f.size);
  std::copy(encoded.begin(), encoded.end(), text.begin() + static_cast<std::ptrdiff_t>(f.offset));
}

// The 2023 card splits the English name over two fields; decoded as one so that a space at the
// split survives and only the padding at the very end is trimmed.
std::string joined_name(std::span<const std::uint8_t> text) {
  using namespace foreign2023;
  std::vector<std::uint8_t> both(
      text.begin() + static_cast<std::ptrdiff_t>(kNameEn1.offset),
      text.begin() + static_cast<std::ptrdiff_t>(kNameEn1.offset + kNameEn1.size));
  both.insert(both.end(), text.begin() + static_cast<std::ptrdiff_t>(kNameEn2.offset),
              text.begin() + static_cast<std::ptrdiff_t>(kNameEn2.offset + kNameEn2.size));
  return ucs2le_to_utf8(both);
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_date(std::string_view text) { return text.size() == 8 && all_digits(text); }

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
  for (std::string* s :
       {&name, &name_en, &sex_code, &nation_code, &nationality, &birth, &address, &id_number,
        &authority, &valid_from, &valid_to, &pass_number, &issue_count, &card_version}) {
    secure_wipe(*s);
  }
  volatile std::uint8_t* p = photo_wlt.data();
  for (std::size_t i = 0; i < photo_wlt.size(); ++i) p[i] = 0;
  photo_wlt.clear();
}

Result<IdCard, CardTextError> parse_card_text(std::span<const std::uint8_t> text) {
  if (text.size() != 256) return fail(CardTextError{"card text must be 256 bytes"});
  IdCard card;
  switch (text[kFlag.offset]) {
    case ' ':
    case 0x00:
      card.type = CardType::resident;
      break;
    case 'J':
      card.type = CardType::hmtResidence;
      break;
    case 'I':
      card.type = CardType::foreignPermanent2017;
      break;
    case 'Y':
      card.type = CardType::foreignPermanent2023;
      break;
    default:
      return fail(CardTextError{"unknown card type flag"});
  }
  switch (card.type) {
    case CardType::resident:
    case CardType::hmtResidence: {
      using namespace resident;
      card.name = field(text, kName);
      card.sex_code = field(text, kSex);
      card.birth = field(text, kBirth);
      card.address = field(text, kAddress);
      card.id_number = field(text, kNumber);
      card.authority = field(text, kAuthority);
      card.valid_from = field(text, kValidFrom);
      card.valid_to = field(text, kValidTo);
      if (card.type == CardType::resident) {
        card.nation_code = field(text, kNation);
      } else {
        card.pass_number = field(text, permit::kPassNumber);
        card.issue_count = field(text, permit::kIssueCount);
      }
      break;
    }
    case CardType::foreignPermanent2017: {
      using namespace foreign2017;
      card.name_en = field(text, kNameEn);
      card.sex_code = field(text, kSex);
      card.id_number = field(text, kNumber);
      card.nationality = field(text, kNationality);
      card.name = field(text, kName);
      card.valid_from = field(text, kValidFrom);
      card.valid_to = field(text, kValidTo);
      card.birth = field(text, kBirth);
      card.card_version = field(text, kVersion);
      card.authority = field(text, kOffice);
      break;
    }
    case CardType::foreignPermanent2023: {
      using namespace foreign2023;
      card.name = field(text, kName);
      card.sex_code = field(text, kSex);
      card.issue_count = field(text, kRenewals);
      card.birth = field(text, kBirth);
      card.name_en = joined_name(text);
      card.id_number = field(text, kNumber);
      card.valid_from = field(text, kValidFrom);
      card.valid_to = field(text, kValidTo);
      card.nationality = field(text, kNationality);
      break;
    }
  }
  if (card.display_name().empty() || card.id_number.empty()) {
    card.wipe();
    return fail(CardTextError{"card text has no name or number"});
  }
  return card;
}

std::vector<std::uint8_t> encode_card_text(const IdCard& card) {
  std::vector<std::uint8_t> text = utf8_to_ucs2le("", 256);
  switch (card.type) {
    case CardType::resident:
    case CardType::hmtResidence: {
      using namespace resident;
      put(text, kName, card.name);
      put(text, kSex, card.sex_code);
      put(text, kBirth, card.birth);
      put(text, kAddress, card.address);
      put(text, kNumber, card.id_number);
      put(text, kAuthority, card.authority);
      put(text, kValidFrom, card.valid_from);
      put(text, kValidTo, card.valid_to);
      if (card.type == CardType::hmtResidence) {
        put(text, permit::kPassNumber, card.pass_number);
        put(text, permit::kIssueCount, card.issue_count);
        put(text, kFlag, "J");
      } else {
        put(text, kNation, card.nation_code);
      }
      break;
    }
    case CardType::foreignPermanent2017: {
      using namespace foreign2017;
      put(text, kNameEn, card.name_en);
      put(text, kSex, card.sex_code);
      put(text, kNumber, card.id_number);
      put(text, kNationality, card.nationality);
      put(text, kName, card.name);
      put(text, kValidFrom, card.valid_from);
      put(text, kValidTo, card.valid_to);
      put(text, kBirth, card.birth);
      put(text, kVersion, card.card_version);
      put(text, kOffice, card.authority);
      put(text, kFlag, "I");
      break;
    }
    case CardType::foreignPermanent2023: {
      using namespace foreign2023;
      put(text, kName, card.name);
      put(text, kSex, card.sex_code);
      put(text, kRenewals, card.issue_count);
      put(text, kBirth, card.birth);
      const auto name_en = utf8_to_ucs2le(card.name_en, kNameEn1.size + kNameEn2.size);
      std::copy_n(name_en.begin(), kNameEn1.size, text.begin() + kNameEn1.offset);
      std::copy_n(name_en.begin() + kNameEn1.size, kNameEn2.size, text.begin() + kNameEn2.offset);
      put(text, kNumber, card.id_number);
      put(text, kValidFrom, card.valid_from);
      put(text, kValidTo, card.valid_to);
      put(text, kNationality, card.nationality);
      put(text, kFlag, "Y");
      break;
    }
  }
  return text;
}

bool card_number_valid(CardType type, std::string_view number) {
  switch (type) {
    case CardType::resident:
      return id_number_valid(number);
    case CardType::hmtResidence:
      // Hong Kong 810000, Macao 820000, Taiwan 830000, then the resident number's rules.
      return id_number_valid(number) &&
             (number.starts_with("810000") || number.starts_with("820000") ||
              number.starts_with("830000"));
    case CardType::foreignPermanent2017: {
      // Three letters (the nationality), four digits (where it was issued), the birth date as
      // YYMMDD and a two-digit sequence; no check digit is documented.
      if (number.size() != 15 || !all_digits(number.substr(3)) ||
          !std::all_of(number.begin(), number.begin() + 3,
                       [](char c) { return c >= 'A' && c <= 'Z'; }))
        return false;
      const int month = (number[9] - '0') * 10 + (number[10] - '0');
      const int day = (number[11] - '0') * 10 + (number[12] - '0');
      return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }
    case CardType::foreignPermanent2023:
      return id_number_valid(number) && number.starts_with('9');
  }
  return false;
}

CardCheck check_card(const IdCard& card, std::string_view today) {
  if (!card_number_valid(card.type, card.id_number)) return CardCheck::badNumber;
  if (!is_date(card.valid_from) || (card.valid_to != "长期" && !is_date(card.valid_to)) ||
      (!card.birth.empty() && !is_date(card.birth)))
    return CardCheck::badDates;
  if (card.valid_from > today) return CardCheck::notYetValid;
  if (card.valid_to != "长期" && card.valid_to < today) return CardCheck::expired;
  return CardCheck::valid;
}

std::string_view to_string(CardCheck check) {
  switch (check) {
    case CardCheck::valid:
      return "valid";
    case CardCheck::expired:
      return "expired";
    case CardCheck::notYetValid:
      return "not yet valid";
    case CardCheck::badNumber:
      return "card number fails its check";
    case CardCheck::badDates:
      return "dates are malformed";
  }
  return "";
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
  if (code.size() != 2 || !all_digits(code)) return "";
  const int index = (code[0] - '0') * 10 + (code[1] - '0');
  if (index < 1 || index > static_cast<int>(std::size(kNames))) return "";
  return kNames[index - 1];
}

SexName sex_name(std::string_view code) {
  if (code == "1") return {"男", "Male"};
  if (code == "2") return {"女", "Female"};
  if (code == "0") return {"未知", "Unknown"};
  if (code == "9") return {"未说明", "Unspecified"};
  return {"", ""};
}

}  // namespace yiwang::drivers
