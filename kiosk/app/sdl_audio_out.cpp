// SdlAudioOut: SDL's audio subsystem and one device, started on the first line, the device
// reopened only when a line's sample rate differs, both let go on release().
#include "app/sdl_audio_out.h"

namespace yiwang::kiosk {

namespace {
// After a failed start, the subsystem is tried again no sooner than this: a kiosk without a
// sound card does not probe every back end for each line.
constexpr std::chrono::seconds kRetry{10};
}  // namespace

SdlAudioOut::~SdlAudioOut() {
  std::lock_guard lock(mutex_);
  close();
}

void SdlAudioOut::close() {
  if (device_ != 0) SDL_CloseAudioDevice(device_);
  device_ = 0;
  if (subsystem_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
  subsystem_ = false;
}

void SdlAudioOut::play(std::vector<std::int16_t> samples, int sample_rate) {
  std::lock_guard lock(mutex_);
  queue(samples, sample_rate, true);
}

void SdlAudioOut::append(std::vector<std::int16_t> samples, int sample_rate) {
  std::lock_guard lock(mutex_);
  queue(samples, sample_rate, false);
}

void SdlAudioOut::queue(const std::vector<std::int16_t>& samples, int sample_rate, bool replace) {
  if (!subsystem_) {
    const auto now = std::chrono::steady_clock::now();
    if (last_failed_ && now - *last_failed_ < kRetry) return;  // failure_ kept
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
      failure_ = std::string("audio: ") + SDL_GetError();
      last_failed_ = now;
      return;
    }
    subsystem_ = true;
    last_failed_.reset();
  }
  if (device_ != 0 && rate_ != sample_rate) {
    SDL_CloseAudioDevice(device_);
    device_ = 0;
  }
  if (device_ == 0) {
    SDL_AudioSpec wanted{};
    wanted.freq = sample_rate;
    wanted.format = AUDIO_S16SYS;
    wanted.channels = 1;
    // ~12 ms at 22 050 Hz: what a new line waits behind (512, ~23 ms, before the voice was
    // streamed; the queue holds the rest of the line, so a short period risks no underrun).
    wanted.samples = 256;
    SDL_AudioSpec got{};
    device_ = SDL_OpenAudioDevice(nullptr, 0, &wanted, &got, 0);
    if (device_ == 0) {
      failure_ = std::string("audio: ") + SDL_GetError();
      return;
    }
    rate_ = sample_rate;
  }
  if (replace) SDL_ClearQueuedAudio(device_);
  if (!samples.empty() &&
      SDL_QueueAudio(device_, samples.data(),
                     static_cast<Uint32>(samples.size() * sizeof(std::int16_t))) != 0) {
    failure_ = std::string("audio: ") + SDL_GetError();
    return;
  }
  failure_.clear();
  SDL_PauseAudioDevice(device_, 0);
}

void SdlAudioOut::stop() {
  std::lock_guard lock(mutex_);
  if (device_ != 0) SDL_ClearQueuedAudio(device_);
}

bool SdlAudioOut::queued() const { return device_ != 0 && SDL_GetQueuedAudioSize(device_) > 0; }

bool SdlAudioOut::release() {
  std::lock_guard lock(mutex_);
  if (queued()) return false;
  close();
  return true;
}

bool SdlAudioOut::playing() const {
  std::lock_guard lock(mutex_);
  return queued();
}

std::string SdlAudioOut::failed() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

bool SdlAudioOut::running() const {
  std::lock_guard lock(mutex_);
  return subsystem_;
}

}  // namespace yiwang::kiosk
