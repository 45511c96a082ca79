// librime behind ui::PinyinInput: loading, keys, pages, choices, and a per-session memory of
// choices that never reaches a file.
#include "input/rime_pinyin.h"

#include <dlfcn.h>
#include <rime_api.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace yiwang::kiosk {

namespace {

constexpr int kBackSpace = 0xff08;  // X11 keysyms, as librime takes keys
constexpr int kPageUp = 0xff55;
constexpr int kPageDown = 0xff56;

std::atomic<bool> engine_taken{false};  // librime is one engine per process

// librime is opened when the engine loads (on its own thread, when pinyin is first wanted),
// not linked: linked, it and the twenty libraries it needs (ICU, boost, leveldb, opencc, glog...)
// were mapped and relocated before main. Opened once; the process keeps it.
std::atomic<RimeApi*> opened_api{nullptr};

RimeApi* open_rime(std::string& why) {
  if (RimeApi* api = opened_api.load()) return api;
  void* library = dlopen("librime.so.1", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* error = dlerror();
    why = std::string("rime: cannot open librime.so.1: ") + (error != nullptr ? error : "?");
    return nullptr;
  }
  using GetApi = RimeApi* (*)();
  auto get_api = reinterpret_cast<GetApi>(dlsym(library, "rime_get_api"));
  RimeApi* api = get_api != nullptr ? get_api() : nullptr;
  if (api == nullptr) {
    why = "rime: librime.so.1 has no rime_get_api";
    return nullptr;
  }
  opened_api = api;
  return api;
}

// The opened library's API: only called once the engine has loaded (ready_ or a session).
RimeApi* rime_get_api_opened() { return opened_api.load(); }

RimeSessionId id_of(std::uintptr_t session) { return static_cast<RimeSessionId>(session); }

// Written only when it differs: librime's maintenance redeploys when a settings file is newer
// than what it built (hundreds of ms at every start, now paid when the keyboard first opens).
bool write_file(const std::filesystem::path& path, const std::string& text) {
  {
    std::ifstream in(path);
    const std::string now((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in && now == text) return true;
  }
  std::ofstream out(path, std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

Result<std::unique_ptr<RimePinyin>, std::string> RimePinyin::start(RimeSettings settings) {
  auto engine = prepare(std::move(settings));
  if (engine) engine.value()->load();
  return engine;
}

void RimePinyin::load() {
  if (!loader_.joinable()) loader_ = std::thread([this] { load_on_thread(); });
}

Result<std::unique_ptr<RimePinyin>, std::string> RimePinyin::prepare(RimeSettings settings) {
  if (settings.work_dir.empty()) return fail(std::string("rime: no work folder given"));
  if (!std::filesystem::exists(settings.shared_data_dir + "/luna_pinyin.dict.yaml"))
    return fail("rime: no pinyin dictionary in " + settings.shared_data_dir +
                " (Debian: rime-data-luna-pinyin)");
  if (engine_taken.exchange(true)) return fail(std::string("rime: an engine is already running"));
  return std::unique_ptr<RimePinyin>(new RimePinyin(std::move(settings)));
}

RimePinyin::RimePinyin(RimeSettings settings) : settings_(std::move(settings)) {}

RimePinyin::~RimePinyin() {
  if (loader_.joinable()) loader_.join();
  if (RimeApi* api = rime_get_api_opened()) {
    if (session_ != 0) api->destroy_session(id_of(session_));
    if (ready_) api->finalize();
  }
  engine_taken = false;
}

void RimePinyin::load_on_thread() {
  const auto started = std::chrono::steady_clock::now();
  std::string failure;
  std::error_code error;
  const std::filesystem::path work(settings_.work_dir);
  std::filesystem::create_directories(work, error);
  // Only the simplified schema is deployed, and without a user dictionary: nothing a resident
  // chooses outlives the process, let alone the resident.
  const bool configured =
      !error &&
      write_file(work / "default.custom.yaml",
                 "patch:\n  schema_list:\n    - schema: luna_pinyin_simp\n  menu/page_size: " +
                     std::to_string(settings_.page_size) + "\n") &&
      write_file(work / "luna_pinyin_simp.custom.yaml",
                 "patch:\n  translator/enable_user_dict: false\n");
  RimeApi* api = configured ? open_rime(failure) : nullptr;
  RimeSessionId session = 0;
  if (!configured) {
    failure = "rime: cannot write its settings in " + settings_.work_dir;
  } else if (api != nullptr) {
    const std::string staging = (work / "build").string();
    RimeTraits traits{};
    RIME_STRUCT_INIT(RimeTraits, traits);
    traits.shared_data_dir = settings_.shared_data_dir.c_str();
    traits.user_data_dir = settings_.work_dir.c_str();
    traits.prebuilt_data_dir = settings_.prebuilt_data_dir.c_str();
    traits.staging_dir = staging.c_str();
    traits.distribution_name = "Yiwang Kiosk";
    traits.distribution_code_name = "yiwang";
    traits.distribution_version = "1";
    traits.app_name = "rime.yiwang";
    traits.min_log_level = 3;  // fatal only: librime's info lines may carry typed input
    api->setup(&traits);
    api->initialize(&traits);
    if (api->start_maintenance(False) != 0) api->join_maintenance_thread();
    // Without the shared default.yaml (Debian's rime-prelude) librime deploys nothing of ours and
    // runs the prebuilt schema, whose user dictionary learns what residents choose: refuse.
    std::ifstream deployed(work / "build" / "luna_pinyin_simp.schema.yaml");
    const std::string schema((std::istreambuf_iterator<char>(deployed)),
                             std::istreambuf_iterator<char>());
    if (schema.find("enable_user_dict: false") == std::string::npos) {
      failure =
          "rime: the kiosk's settings were not deployed (is rime-prelude installed?); "
          "pinyin is off rather than learn what residents choose";
    } else {
      session = api->create_session();
      if (session == 0 || api->select_schema(session, "luna_pinyin_simp") == 0)
        failure = "rime: the luna_pinyin_simp schema did not load";
    }
  }
  const double took =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard lock(mutex_);
  session_ = static_cast<std::uintptr_t>(session);
  failure_ = failure;
  done_loading_ = true;
  if (failure.empty()) {
    load_ms_ = took;
    ready_ = true;
  }
  loaded_.notify_all();
}

bool RimePinyin::wait_ready() const {
  std::unique_lock lock(mutex_);
  loaded_.wait(lock, [this] { return done_loading_; });
  return failure_.empty();
}

std::string RimePinyin::failed() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

std::vector<std::string>* RimePinyin::learnt_for(const std::string& input) {
  for (auto& [typed, chosen] : learnt_)
    if (typed == input) return &chosen;
  return nullptr;
}

ui::Composition RimePinyin::read_context() {
  ui::Composition shown;
  order_.clear();
  RimeApi* api = rime_get_api_opened();
  RimeContext context{};
  RIME_STRUCT_INIT(RimeContext, context);
  if (api->get_context(id_of(session_), &context) == 0) return shown;
  if (context.composition.preedit != nullptr) shown.preedit = context.composition.preedit;
  shown.page = context.menu.page_no;
  shown.has_previous_page = context.menu.page_no > 0;
  shown.has_next_page = context.menu.num_candidates > 0 && context.menu.is_last_page == 0;
  std::vector<std::string> texts;
  texts.reserve(static_cast<std::size_t>(std::max(context.menu.num_candidates, 0)));
  for (int i = 0; i < context.menu.num_candidates; ++i)
    texts.emplace_back(context.menu.candidates[i].text != nullptr ? context.menu.candidates[i].text
                                                                  : "");
  api->free_context(&context);
  // This resident's earlier choices for the same input come first, where they are on the page.
  std::vector<int> order;
  const char* input = api->get_input(id_of(session_));
  if (auto* learnt = learnt_for(input != nullptr ? input : "")) {
    for (const auto& chosen : *learnt) {
      const auto at = std::find(texts.begin(), texts.end(), chosen);
      const int index = static_cast<int>(at - texts.begin());
      if (at != texts.end() && std::find(order.begin(), order.end(), index) == order.end())
        order.push_back(index);
    }
  }
  for (int i = 0; i < static_cast<int>(texts.size()); ++i)
    if (std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
  for (int i : order) shown.candidates.push_back(texts[static_cast<std::size_t>(i)]);
  order_ = std::move(order);
  return shown;
}

ui::Composition RimePinyin::type(char letter) {
  std::lock_guard lock(mutex_);
  if (!ready_) return {};
  const bool accepted = (letter >= 'a' && letter <= 'z') || letter == '\'';
  if (accepted) rime_get_api_opened()->process_key(id_of(session_), letter, 0);
  return read_context();
}

ui::Composition RimePinyin::backspace() {
  std::lock_guard lock(mutex_);
  if (!ready_) return {};
  rime_get_api_opened()->process_key(id_of(session_), kBackSpace, 0);
  return read_context();
}

ui::Composition RimePinyin::turn_page(int direction) {
  std::lock_guard lock(mutex_);
  if (!ready_) return {};
  rime_get_api_opened()->process_key(id_of(session_), direction < 0 ? kPageUp : kPageDown, 0);
  return read_context();
}

ui::Composition RimePinyin::current() {
  std::lock_guard lock(mutex_);
  if (!ready_) return {};
  return read_context();
}

std::string RimePinyin::choose(std::size_t index, ui::Composition& remaining) {
  std::lock_guard lock(mutex_);
  remaining = {};
  if (!ready_) return "";
  const ui::Composition before = read_context();
  if (index >= order_.size()) {
    remaining = before;
    return "";
  }
  RimeApi* api = rime_get_api_opened();
  const char* typed = api->get_input(id_of(session_));
  const std::string input = typed != nullptr ? typed : "";
  const std::string& text = before.candidates[index];
  api->select_candidate_on_current_page(id_of(session_), static_cast<std::size_t>(order_[index]));
  auto* learnt = learnt_for(input);
  if (learnt == nullptr) learnt = &learnt_.emplace_back(input, std::vector<std::string>{}).second;
  auto& chosen = *learnt;
  chosen.erase(std::remove(chosen.begin(), chosen.end(), text), chosen.end());
  chosen.insert(chosen.begin(), text);
  std::string committed;
  RimeCommit commit{};
  RIME_STRUCT_INIT(RimeCommit, commit);
  if (api->get_commit(id_of(session_), &commit) != 0) {
    if (commit.text != nullptr) committed = commit.text;
    api->free_commit(&commit);
  }
  remaining = read_context();
  return committed;
}

void RimePinyin::clear_composition() {
  if (session_ != 0) rime_get_api_opened()->clear_composition(id_of(session_));
  order_.clear();
}

void RimePinyin::cancel() {
  std::lock_guard lock(mutex_);
  if (ready_) clear_composition();
}

void RimePinyin::forget_everything() {
  std::lock_guard lock(mutex_);
  if (!ready_) return;
  clear_composition();
  // Overwritten before it goes: typed input and chosen names are personal data.
  for (auto& [input, chosen] : learnt_) {
    std::fill(input.begin(), input.end(), '\0');
    for (auto& text : chosen) std::fill(text.begin(), text.end(), '\0');
  }
  learnt_.clear();
}

}  // namespace yiwang::kiosk
