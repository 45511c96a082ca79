// The JSON bodies the kiosk sends, built from the session: what goes into the outbox, byte for
// byte.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "flow/catalog_model.h"
#include "flow/resident_session.h"
#include "idcard/id_card.h"

namespace yiwang::kiosk {

// The contract's "card" object.
nlohmann::json card_json(const drivers::IdCard& card);

// POST /v1/applications. online: the resident was verified by the platform and the link is up,
// so the applicant is the person token; otherwise the card itself (queued offline).
nlohmann::json application_payload(const CatalogItem& item, const ResidentSession& session,
                                   const std::string& catalog_version, const std::string& local_id,
                                   bool online, const std::string& now_rfc3339);

// POST /v1/evaluations for the session's item, case and local number.
nlohmann::json evaluation_payload(const CatalogItem& item, const ResidentSession& session,
                                  const std::string& now_rfc3339);

}  // namespace yiwang::kiosk
