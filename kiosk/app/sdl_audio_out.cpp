// SdlAudioOut: one SDL audio device, reopened only when a line's sample rate differs.
#include "app/sdl_audio_out.h"

namespace yiwang::kiosk {

Result<std::unique_ptr<SdlAudioOut>, std::string> SdlAudioOut::open() {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return fail(std::string("audio: ") + SDL_GetError());
  return std::unique_ptr<SdlAudioOut>(new SdlAudioOut());
}

SdlAudioOut::~SdlAudioOut() {
  {
    std::lock_guard lock(mutex_);
    if (device_ != 0) SDL_CloseAudioDevice(device_);
  }
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
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

std::string SdlAudioOut::failed() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

}  // namespace yiwang::kiosk
