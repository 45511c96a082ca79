// Application and evaluation bodies after platform-api.md; materials the platform shares are
// marked "shared", the rest as the resident chose ("on_site" or "later", "later" by default).
#include "flow/payloads.h"

#include "core/clock.h"
#include "flow/keyed_confirmation.h"

namespace yiwang::kiosk {

using nlohmann::json;

json card_json(const drivers::IdCard& card) {
  json out = {{"card_type", std::string(drivers::to_string(card.type))},
              {"id_number", card.id_number},
              {"name", card.display_name()},
              {"sex", card.sex_code},
              {"nation", card.nation_code},
              {"birth", card.birth},
              {"address", card.address},
              {"authority", card.authority},
              {"valid_from", card.valid_from},
              {"valid_to", card.valid_to}};
  // Foreign permanent resident cards: the English name and nationality identify the holder.
  if (!card.name_en.empty()) out["name_en"] = card.name_en;
  if (!card.nationality.empty()) out["nationality"] = card.nationality;
  return out;
}

json application_payload(const CatalogItem& item, const ResidentSession& session,
                         const std::string& catalog_version, const std::string& local_id,
                         bool online, const std::string& now_rfc3339) {
  const auto value_of = [&](const std::string& key) {
    auto it = session.form_values.find(key);
    return it == session.form_values.end() ? std::string() : it->second;
  };
  json form = json::object();
  for (const auto& field : item.form) form[field.key] = value_of(field.key);
  json materials = json::array();
  for (const auto& material : item.view.materials) {
    auto chosen = session.materials.find(material.code);
    if (material.shared) {
      materials.push_back({{"code", material.code}, {"provided", "shared"}});
    } else if (chosen != session.materials.end()) {
      materials.push_back({{"code", material.code}, {"provided", chosen->second}});
    } else if (material.required) {
      materials.push_back({{"code", material.code}, {"provided", "later"}});
    }
  }
  json application = {{"local_id", local_id},
                      {"item_code", item.view.code},
                      {"catalog_version", catalog_version},
                      {"form", form},
                      {"materials", materials},
                      {"delivery", {{"method", session.delivery}}},
                      {"created_at", now_rfc3339},
                      {"submitted_offline", !online}};
  if (online) {
    application["applicant"] = {{"person_token", session.person_token}};
  } else if (session.card) {
    application["applicant"] = {{"card", card_json(*session.card)}};
  }
  if (session.delivery == "express") {
    // The express address and phone of the form (prefilled from its address and phone, or the
    // card's address), else the form's own.
    std::string address = value_of("delivery.address");
    if (address.empty()) address = value_of("address");
    if (address.empty() && session.card) address = session.card->address;
    std::string phone = value_of("delivery.phone");
    if (phone.empty()) phone = value_of("phone");
    application["delivery"]["address"] = address;
    application["delivery"]["phone"] = phone;
  }
  if (item.view.has_commitment) {
    const std::string accepted_at = rfc3339_cst(session.commitment_accepted_ms);
    application["commitment"] = {{"version", item.commitment_version},
                                 {"accepted_at", accepted_at}};
    if (session.signature_keyed) {
      // Speech mode: heard in full and confirmed by a key, bound to the identified card.
      const std::string id_number = session.card      ? session.card->id_number
                                    : session.subject ? session.subject->id_number
                                                      : std::string();
      application["commitment"]["keyed_confirmation"] = keyed_confirmation(
          id_number, item.commitment_version, accepted_at, session.commitment_heard_language);
    } else {
      application["commitment"]["signature_png_base64"] = session.signature_png_base64;
    }
  }
  return application;
}

json evaluation_payload(const CatalogItem& item, const ResidentSession& session,
                        const std::string& now_rfc3339) {
  return {{"case_id", session.case_id.empty() ? json(nullptr) : json(session.case_id)},
          {"local_id", session.local_id.empty() ? json(nullptr) : json(session.local_id)},
          {"item_code", item.view.code},
          {"channel", "kiosk"},
          {"level", session.evaluation_level},
          {"reasons", session.evaluation_reasons},
          {"comment", ""},
          {"contact_phone", nullptr},
          {"at", now_rfc3339}};
}

}  // namespace yiwang::kiosk
