// zinnia behind ui::HandwritingInput: the strokes as written and with one stroke moved a place
// or two, merged by best score.
#include "input/zinnia_handwriting.h"

#include <zinnia.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <utility>

namespace yiwang::kiosk {

namespace {

constexpr std::size_t kMaxStrokes = 64;
constexpr std::size_t kMaxPoints = 2048;
constexpr std::size_t kCandidatesPerPass = 20;

// The scores zinnia gives for one order of the strokes, merged into `best`.
void classify(zinnia_recognizer_t* recognizer, const std::vector<const ui::PenStroke*>& strokes,
              int width, int height, float penalty,
              std::vector<std::pair<std::string, float>>& best) {
  zinnia_character_t* character = zinnia_character_new();
  zinnia_character_set_width(character, static_cast<std::size_t>(std::max(width, 1)));
  zinnia_character_set_height(character, static_cast<std::size_t>(std::max(height, 1)));
  for (std::size_t s = 0; s < strokes.size(); ++s)
    for (const auto& point : *strokes[s])
      zinnia_character_add(character, s, std::clamp(point.x, 0, width),
                           std::clamp(point.y, 0, height));
  zinnia_result_t* result = zinnia_recognizer_classify(recognizer, character, kCandidatesPerPass);
  if (result != nullptr) {
    for (std::size_t i = 0; i < zinnia_result_size(result); ++i) {
      const std::string value = zinnia_result_value(result, i);
      const float score = zinnia_result_score(result, i) - penalty;
      auto at =
          std::find_if(best.begin(), best.end(), [&](const auto& e) { return e.first == value; });
      if (at == best.end())
        best.emplace_back(value, score);
      else
        at->second = std::max(at->second, score);
    }
    zinnia_result_destroy(result);
  }
  zinnia_character_destroy(character);
}

// The model's recognizer, or why not.
Result<zinnia_recognizer_t*, std::string> open_model(const std::string& model) {
  if (!std::filesystem::exists(model))
    return fail("handwriting: no model at " + model +
                " (Debian: tegaki-zinnia-simplified-chinese)");
  zinnia_recognizer_t* recognizer = zinnia_recognizer_new();
  if (zinnia_recognizer_open(recognizer, model.c_str()) == 0) {
    std::string why = zinnia_recognizer_strerror(recognizer);
    zinnia_recognizer_destroy(recognizer);
    return fail("handwriting: cannot open " + model + ": " + why);
  }
  return recognizer;
}

}  // namespace

Result<std::unique_ptr<ZinniaHandwriting>, std::string> ZinniaHandwriting::open(
    HandwritingSettings settings) {
  auto recognizer = open_model(settings.model);
  if (!recognizer) return fail(recognizer.error());
  std::unique_ptr<ZinniaHandwriting> opened(
      new ZinniaHandwriting(std::move(settings), recognizer.value()));
  opened->ready_ = true;
  return opened;
}

std::unique_ptr<ZinniaHandwriting> ZinniaHandwriting::later(HandwritingSettings settings,
                                                            Opened done) {
  std::unique_ptr<ZinniaHandwriting> opener(new ZinniaHandwriting(std::move(settings), nullptr));
  opener->done_ = std::move(done);
  return opener;
}

void ZinniaHandwriting::load() {
  if (opener_.joinable() || ready_) return;
  opener_ = std::thread([this, done = done_] {
    const auto started = std::chrono::steady_clock::now();
    auto recognizer = open_model(settings_.model);
    const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    if (recognizer) {
      std::lock_guard lock(mutex_);
      recognizer_ = recognizer.value();
      ready_ = true;
    }
    if (done) done(recognizer ? std::string() : recognizer.error(), ms);
  });
}

ZinniaHandwriting::ZinniaHandwriting(HandwritingSettings settings, zinnia_recognizer_t* recognizer)
    : settings_(std::move(settings)), recognizer_(recognizer) {}

ZinniaHandwriting::~ZinniaHandwriting() {
  if (opener_.joinable()) opener_.join();
  if (recognizer_ != nullptr) zinnia_recognizer_destroy(recognizer_);
}

std::size_t ZinniaHandwriting::characters() const {
  std::lock_guard lock(mutex_);
  return recognizer_ != nullptr ? zinnia_recognizer_size(recognizer_) : 0;
}

bool ZinniaHandwriting::knows(const std::string& character) const {
  std::lock_guard lock(mutex_);
  if (recognizer_ == nullptr) return false;
  const std::size_t size = zinnia_recognizer_size(recognizer_);
  for (std::size_t i = 0; i < size; ++i) {
    const char* learnt = zinnia_recognizer_value(recognizer_, i);
    if (learnt != nullptr && character == learnt) return true;
  }
  return false;
}

std::vector<std::string> ZinniaHandwriting::recognise(const std::vector<ui::PenStroke>& strokes,
                                                      int width, int height, std::size_t count,
                                                      Effort effort) const {
  std::vector<const ui::PenStroke*> order;
  for (const auto& stroke : strokes)
    if (!stroke.empty() && order.size() < kMaxStrokes) order.push_back(&stroke);
  if (order.empty() || width <= 0 || height <= 0) return {};
  std::vector<std::pair<std::string, float>> best;
  std::lock_guard lock(mutex_);
  if (recognizer_ == nullptr) return {};  // still opening
  classify(recognizer_, order, width, height, 0.0F, best);
  // One stroke moved one or two places, the latest strokes first; an order reached twice (moving
  // i to i+1 is moving i+1 to i) is tried once.
  const std::size_t n = effort == Effort::thorough ? order.size() : 0;
  std::vector<std::vector<std::size_t>> tried;
  for (std::size_t k = 0; k < n && tried.size() < settings_.reordered_variants; ++k) {
    const std::size_t i = n - 1 - k;
    for (int distance : {1, 2}) {
      for (int sign : {-1, 1}) {
        const long target = static_cast<long>(i) + static_cast<long>(sign) * distance;
        if (target < 0 || target >= static_cast<long>(n)) continue;
        if (tried.size() >= settings_.reordered_variants) break;
        std::vector<std::size_t> moved(n);
        for (std::size_t j = 0; j < n; ++j) moved[j] = j;
        moved.erase(moved.begin() + static_cast<long>(i));
        moved.insert(moved.begin() + target, i);
        if (std::find(tried.begin(), tried.end(), moved) != tried.end()) continue;
        tried.push_back(moved);
        std::vector<const ui::PenStroke*> variant;
        variant.reserve(n);
        for (std::size_t j : moved) variant.push_back(order[j]);
        classify(recognizer_, variant, width, height,
                 settings_.penalty_per_place * static_cast<float>(distance), best);
      }
    }
  }
  std::stable_sort(best.begin(), best.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < best.size() && i < count; ++i) out.push_back(best[i].first);
  return out;
}

Result<std::vector<ui::PenStroke>, std::string> parse_strokes(const std::string& text) {
  std::vector<ui::PenStroke> strokes;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (strokes.size() == kMaxStrokes) return fail(std::string("strokes: more than 64"));
    ui::PenStroke stroke;
    std::istringstream points(line);
    std::string point;
    while (points >> point) {
      int x = 0;
      int y = 0;
      char comma = 0;
      std::istringstream one(point);
      if (!(one >> x >> comma >> y) || comma != ',')
        return fail("strokes: not a point: " + point.substr(0, 16));
      if (stroke.size() == kMaxPoints) return fail(std::string("strokes: a stroke too long"));
      stroke.push_back({x, y});
    }
    if (!stroke.empty()) strokes.push_back(std::move(stroke));
  }
  return strokes;
}

}  // namespace yiwang::kiosk
