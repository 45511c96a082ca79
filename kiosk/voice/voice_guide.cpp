// VoiceGuide: espeak-ng on the voice thread (initialisation, voices and synthesis all there);
// samples handed to the AudioOut as espeak-ng gives them (every kChunkMs of speech), scaled to
// the volume: the first sound plays while the rest of the line is still being synthesised.
#include "voice/voice_guide.h"

#include <dlfcn.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>

#include "common/library_symbol.h"

namespace yiwang::kiosk {

namespace {

std::atomic<bool> engine_taken{false};  // espeak-ng is one engine per process
constexpr int kQuiet = 64;              // below this a sample is silence (of 32 767)
// espeak-ng's output buffer: the synthesis callback is called with this much speech at a time.
// Each chunk is played as it comes, so this (not the line's length) is what the first sound
// waits for; it was 100 ms, with the whole first sentence collected before it played.
constexpr int kChunkMs = 20;

// Where the synthesis callback sends a line's samples, on the voice thread. `abandon` is set
// when a newer line is waiting.
struct Collector {
  const std::atomic<bool>* abandon = nullptr;
  AudioOut* out = nullptr;
  std::function<void()> first_sound;  // just before the line's first samples are played
  bool started = false;               // the line's first samples are playing: append the rest
  int volume = 100;
  int rate = 22050;
  std::size_t played = 0;
  std::size_t limit = 0;  // bounded: a few minutes of audio at most
};

int collect(short* wav, int count, espeak_EVENT* events) {
  auto* collector = events != nullptr ? static_cast<Collector*>(events->user_data) : nullptr;
  if (collector == nullptr) return 0;
  if (collector->abandon->load()) return 1;  // stop synthesising this line
  if (wav == nullptr || count <= 0) return 0;
  const std::size_t room = collector->limit - std::min(collector->limit, collector->played);
  std::vector<std::int16_t> samples(wav, wav + std::min(static_cast<std::size_t>(count), room));
  if (!collector->started) {
    // espeak-ng starts every line with ~45 ms of near-silence: not worth waiting for.
    const auto sound = std::find_if(samples.begin(), samples.end(),
                                    [](std::int16_t s) { return s > kQuiet || s < -kQuiet; });
    samples.erase(samples.begin(), sound);
  }
  if (samples.empty()) return 0;
  collector->played += samples.size();
  for (auto& sample : samples)
    sample = static_cast<std::int16_t>(static_cast<int>(sample) * collector->volume / 100);
  if (!collector->started) {
    collector->started = true;
    if (collector->first_sound) collector->first_sound();
    collector->out->play(std::move(samples), collector->rate);
  } else {
    collector->out->append(std::move(samples), collector->rate);
  }
  return 0;
}

// espeak-ng is opened with dlopen on the voice thread, not linked: linked, it and the libraries
// it needs (PulseAudio, libsndfile and its codecs...) were mapped and relocated before main on
// every start, though a kiosk speaks only once asked to. Filled once (initialise_once), then
// only read.
struct Espeak {
  decltype(&espeak_ng_InitializePath) initialize_path = nullptr;
  decltype(&espeak_ng_Initialize) initialize = nullptr;
  decltype(&espeak_ng_ClearErrorContext) clear_error_context = nullptr;
  decltype(&espeak_ng_InitializeOutput) initialize_output = nullptr;
  decltype(&espeak_ng_SetVoiceByName) set_voice_by_name = nullptr;
  decltype(&espeak_SetSynthCallback) set_synth_callback = nullptr;
  decltype(&espeak_ng_SetParameter) set_parameter = nullptr;
  decltype(&espeak_ng_GetSampleRate) get_sample_rate = nullptr;
  decltype(&espeak_ng_Synthesize) synthesize = nullptr;
};
Espeak espeak;

bool open_espeak() {
  void* library = dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
  return library != nullptr &&
         bind_symbol(library, "espeak_ng_InitializePath", espeak.initialize_path) &&
         bind_symbol(library, "espeak_ng_Initialize", espeak.initialize) &&
         bind_symbol(library, "espeak_ng_ClearErrorContext", espeak.clear_error_context) &&
         bind_symbol(library, "espeak_ng_InitializeOutput", espeak.initialize_output) &&
         bind_symbol(library, "espeak_ng_SetVoiceByName", espeak.set_voice_by_name) &&
         bind_symbol(library, "espeak_SetSynthCallback", espeak.set_synth_callback) &&
         bind_symbol(library, "espeak_ng_SetParameter", espeak.set_parameter) &&
         bind_symbol(library, "espeak_ng_GetSampleRate", espeak.get_sample_rate) &&
         bind_symbol(library, "espeak_ng_Synthesize", espeak.synthesize);
}

// espeak-ng starts once per process and is never terminated: 1.51's espeak_ng_Terminate can
// wait forever on its event thread (seen here; the exit test fixed upstream in espeak-ng PR
// #573). A later VoiceGuide uses the same engine. Returns "" or why it cannot speak.
std::string initialise_once(const std::string& data_path) {
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [&] {
    if (!open_espeak()) {
      failure = "voice: cannot open libespeak-ng.so.1 (Debian: libespeak-ng1)";
      return;
    }
    espeak.initialize_path(data_path.empty() ? nullptr : data_path.c_str());
    espeak_ng_ERROR_CONTEXT context = nullptr;
    if (espeak.initialize(&context) != ENS_OK) {
      espeak.clear_error_context(&context);
      failure = "voice: espeak-ng did not start (is espeak-ng-data installed?)";
      return;
    }
    if (espeak.initialize_output(ENOUTPUT_MODE_SYNCHRONOUS, kChunkMs, nullptr) != ENS_OK ||
        espeak.set_voice_by_name("cmn") != ENS_OK) {
      failure = "voice: espeak-ng has no Mandarin voice (cmn)";
      return;
    }
    espeak.set_synth_callback(collect);
  });
  return failure;
}

}  // namespace

std::string espeak_voice(const std::map<std::string, std::string>& voices,
                         const std::string& language) {
  const auto it = voices.find(language);
  return it == voices.end() || it->second.empty() ? "en" : it->second;
}

std::vector<std::string> sentences(const std::string& text) {
  static const char* const kEnds[] = {"。", "？", "！", "；", ". ", "? ", "! ", "; "};
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t end = 0;
    for (const char* mark : kEnds) {
      const std::size_t n = std::char_traits<char>::length(mark);
      if (text.compare(i, n, mark) == 0) end = i + n;
    }
    if (end == 0) {
      ++i;
      continue;
    }
    parts.push_back(text.substr(start, end - start));
    start = i = end;
  }
  if (start < text.size()) parts.push_back(text.substr(start));
  return parts;
}

std::string spelled(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

Result<std::unique_ptr<VoiceGuide>, std::string> VoiceGuide::start(VoiceSettings settings,
                                                                   AudioOut& out,
                                                                   Callbacks callbacks) {
  if (engine_taken.exchange(true)) return fail(std::string("voice: an engine is already running"));
  auto ready = std::move(callbacks.ready);
  std::unique_ptr<VoiceGuide> guide(new VoiceGuide(std::move(settings), out, std::move(callbacks)));
  std::promise<std::string> started_engine;
  guide->ready_ = started_engine.get_future().share();
  guide->thread_ = std::thread(
      [raw = guide.get(), promise = std::move(started_engine), ready = std::move(ready)]() mutable {
        const std::string failure = initialise_once(raw->settings_.data_path);
        if (failure.empty()) {
          espeak.set_voice_by_name("cmn");
          espeak.set_parameter(espeakRATE, raw->settings_.rate_wpm, 0);
        }
        if (ready) ready(failure);  // before wait_until_ready() returns
        promise.set_value(failure);
        if (failure.empty()) raw->run();
        raw->out_.thread_ends();
      });
  return guide;
}

std::string VoiceGuide::wait_until_ready() const { return ready_.get(); }

bool VoiceGuide::failed() const {
  return ready_.wait_for(std::chrono::seconds(0)) == std::future_status::ready &&
         !ready_.get().empty();
}

VoiceGuide::VoiceGuide(VoiceSettings settings, AudioOut& out, Callbacks callbacks)
    : settings_(std::move(settings)), out_(out), callbacks_(std::move(callbacks)) {}

VoiceGuide::~VoiceGuide() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
    newer_line_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  engine_taken = false;
}

void VoiceGuide::say(Utterance line) {
  {
    std::lock_guard lock(mutex_);
    pending_ = std::move(line);
    newer_line_ = true;
  }
  wake_.notify_all();
}

void VoiceGuide::repeat() {
  std::lock_guard lock(mutex_);
  if (last_.text.empty()) return;
  pending_ = last_;
  newer_line_ = true;
  wake_.notify_all();
}

void VoiceGuide::stop() {
  {
    std::lock_guard lock(mutex_);
    pending_.reset();
    newer_line_ = true;
  }
  out_.stop();
}

void VoiceGuide::forget() {
  stop();
  std::lock_guard lock(mutex_);
  std::fill(last_.text.begin(), last_.text.end(), '\0');
  last_ = {};
}

void VoiceGuide::set_volume(int volume) {
  std::lock_guard lock(mutex_);
  settings_.volume = std::clamp(volume, 0, 100);
}

int VoiceGuide::volume() const {
  std::lock_guard lock(mutex_);
  return settings_.volume;
}

int VoiceGuide::spoken() const {
  std::lock_guard lock(mutex_);
  return spoken_;
}

int VoiceGuide::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

std::string VoiceGuide::voice() const {
  std::lock_guard lock(mutex_);
  return voice_;
}

std::optional<Utterance> VoiceGuide::next_line(bool& audio_held) {
  std::unique_lock lock(mutex_);
  const auto waiting = [this] { return quit_ || pending_.has_value(); };
  while (!waiting()) {
    if (!audio_held) {
      wake_.wait(lock, waiting);
      break;
    }
    const auto silence = std::chrono::milliseconds(std::max(0, settings_.release_audio_ms));
    if (wake_.wait_for(lock, silence, waiting)) break;
    // Silence since the last line: the device goes (once it has played all it was given).
    lock.unlock();
    audio_held = !out_.release();
    lock.lock();
  }
  if (quit_) return std::nullopt;
  Utterance line = std::move(*pending_);
  pending_.reset();
  newer_line_ = false;
  last_ = line;
  return line;
}

void VoiceGuide::run() {
  std::string voice = "cmn";
  bool audio_held = false;  // a line was handed to out_ since it was last released
  for (;;) {
    std::optional<Utterance> next = next_line(audio_held);
    if (!next) return;
    Utterance line = std::move(*next);
    audio_held = true;
    int volume = 0;
    {
      std::lock_guard lock(mutex_);
      volume = settings_.volume;
    }
    const std::string wanted = espeak_voice(settings_.voices, line.language);
    if (wanted != voice && espeak.set_voice_by_name(wanted.c_str()) == ENS_OK) voice = wanted;
    {
      std::lock_guard lock(mutex_);
      voice_ = voice;
    }
    Collector collector;
    collector.abandon = &newer_line_;
    collector.out = &out_;
    collector.volume = volume;
    collector.rate = espeak.get_sample_rate();
    collector.limit = static_cast<std::size_t>(collector.rate) * 180;
    collector.first_sound = [this, &line] {
      {
        std::lock_guard lock(mutex_);
        ++spoken_;
      }
      if (callbacks_.started) callbacks_.started(line);
    };
    // Sentence by sentence (a newer line stops it between two as well as within one); each
    // chunk of each is played as espeak-ng gives it.
    for (const std::string& sentence : sentences(line.text)) {
      espeak.synthesize(sentence.c_str(), sentence.size() + 1, 0, POS_CHARACTER, 0,
                        espeakCHARS_UTF8, nullptr, &collector);
      if (newer_line_) break;  // a newer line is waiting: the rest of this one is not played
    }
    if (!newer_line_) {
      {
        std::lock_guard lock(mutex_);
        ++finished_;
      }
      if (wait_played() && callbacks_.played) callbacks_.played(line);
    }
  }
}

bool VoiceGuide::wait_played() {
  // The device gives no event at its end: asked every 50 ms while the line plays (seconds, and
  // only while speaking), interrupted at once by a newer line.
  std::unique_lock lock(mutex_);
  const auto cut = [this] { return quit_ || pending_.has_value() || newer_line_; };
  for (;;) {
    if (cut()) return false;
    lock.unlock();
    const bool playing = out_.playing();
    lock.lock();
    if (cut()) return false;  // asked before the device answered
    if (!playing) return true;
    wake_.wait_for(lock, std::chrono::milliseconds(50),
                   [this] { return quit_ || pending_.has_value(); });
  }
}

}  // namespace yiwang::kiosk
