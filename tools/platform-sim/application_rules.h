// What the platform checks in an application and an evaluation: every problem, reported at once.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace yiwang::platform_sim {

// One entry of a problem+json "fields" list.
nlohmann::json field_problem(const std::string& field, const std::string& code);

// Checks form, materials, commitment and delivery against the catalog item.
// A card's number in the form of its own card type (resident, HMT permit, foreign 2017 / 2023).
bool card_number_fits(const nlohmann::json& card);

std::vector<nlohmann::json> check_application(const nlohmann::json& item,
                                              const nlohmann::json& application);

std::vector<nlohmann::json> check_evaluation(const nlohmann::json& evaluation);

// Counts UTF-8 characters (not bytes), as max_len means.
std::size_t utf8_length(const std::string& text);

}  // namespace yiwang::platform_sim
