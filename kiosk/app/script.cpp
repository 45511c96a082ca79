// Script parsing: verbs are checked up front so a typo fails before the journey starts.
#include "app/script.h"

#include <cstdlib>
#include <set>
#include <sstream>

namespace yiwang::kiosk {

std::optional<std::vector<ScriptStep>> parse_script(const std::string& text, std::string& error) {
  static const std::set<std::string> kVerbs = {
      "wait",       "tap",           "type",       "card",        "card-remove", "scan",
      "shot",       "expect",        "advance",    "sleep",       "wait-print",  "wait-idle-queue",
      "wait-link",  "wait-no-print", "printer",    "reader",      "tap-burst",   "repeat",
      "end-repeat", "stats",         "key",        "long-press",  "hang",        "keys",
      "pick",       "strokes",       "expect-not", "date",        "sign",        "keypad",
      "keypad-to",  "keypad-type",   "headphones", "expect-said", "wait-played"};
  static const std::set<std::string> kNeedArgument = {
      "wait",      "wait-link", "tap",         "type",       "card",        "scan",
      "shot",      "expect",    "advance",     "sleep",      "printer",     "reader",
      "tap-burst", "repeat",    "stats",       "key",        "long-press",  "hang",
      "keys",      "pick",      "strokes",     "expect-not", "date",        "sign",
      "keypad",    "keypad-to", "keypad-type", "headphones", "expect-said", "wait-played"};
  std::vector<ScriptStep> steps;
  constexpr std::size_t kNoRepeat = static_cast<std::size_t>(-1);
  std::size_t open_repeat = kNoRepeat;  // the index of the repeat step still open
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    line = line.substr(start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    ScriptStep step;
    step.line = number;
    const auto space = line.find(' ');
    step.verb = line.substr(0, space);
    step.argument = space == std::string::npos ? "" : line.substr(space + 1);
    if (!kVerbs.count(step.verb)) {
      error = "line " + std::to_string(number) + ": unknown step '" + step.verb + "'";
      return std::nullopt;
    }
    if (kNeedArgument.count(step.verb) && step.argument.empty()) {
      error = "line " + std::to_string(number) + ": '" + step.verb + "' needs an argument";
      return std::nullopt;
    }
    if (step.verb == "wait-played") step.seconds = 60;  // a whole commitment is a long line
    if (step.verb == "wait" || step.verb == "wait-link") {
      const auto gap = step.argument.find(' ');
      if (gap != std::string::npos) {
        step.seconds = std::stod(step.argument.substr(gap + 1));
        step.argument = step.argument.substr(0, gap);
      }
    } else if ((step.verb == "wait-print" || step.verb == "wait-idle-queue" ||
                step.verb == "wait-no-print") &&
               !step.argument.empty()) {
      step.seconds = std::stod(step.argument);
    }
    if (step.verb == "repeat") {
      const int times = std::atoi(step.argument.c_str());
      if (open_repeat != kNoRepeat || times < 1) {
        error = "line " + std::to_string(number) + ": repeat takes a count and does not nest";
        return std::nullopt;
      }
      open_repeat = steps.size();
    } else if (step.verb == "end-repeat") {
      if (open_repeat == kNoRepeat) {
        error = "line " + std::to_string(number) + ": end-repeat without repeat";
        return std::nullopt;
      }
      step.jump = open_repeat;
      open_repeat = kNoRepeat;
    }
    steps.push_back(std::move(step));
  }
  if (open_repeat != kNoRepeat) {
    error = "repeat without end-repeat";
    return std::nullopt;
  }
  return steps;
}

}  // namespace yiwang::kiosk
