// The voice's AudioOut on an SDL audio device: mono signed 16-bit, queued (SDL_QueueAudio), a
// new line clearing what is still queued. Opened on the first line, at that line's rate.
#pragma once

#include <SDL.h>

#include <memory>
#include <mutex>
#include <string>

#include "common/result.h"
#include "voice/voice_guide.h"

namespace yiwang::kiosk {

class SdlAudioOut final : public AudioOut {
 public:
  // Starts SDL's audio subsystem (SDL_AUDIODRIVER chooses the driver; "disk" writes to
  // SDL_DISKAUDIOFILE, which tests and the bench use). Fails where no audio device works.
  static Result<std::unique_ptr<SdlAudioOut>, std::string> open();
  ~SdlAudioOut() override;
  SdlAudioOut(const SdlAudioOut&) = delete;
  SdlAudioOut& operator=(const SdlAudioOut&) = delete;
  SdlAudioOut(SdlAudioOut&&) = delete;
  SdlAudioOut& operator=(SdlAudioOut&&) = delete;

  void play(std::vector<std::int16_t> samples, int sample_rate) override;
  void append(std::vector<std::int16_t> samples, int sample_rate) override;
  void stop() override;
  std::string failed() const;  // the last device error, "" none

 private:
  SdlAudioOut() = default;
  // Queues the samples, after clearing what is queued when `replace`. With mutex_ held.
  void queue(const std::vector<std::int16_t>& samples, int sample_rate, bool replace);
  mutable std::mutex mutex_;
  SDL_AudioDeviceID device_ = 0;  // with mutex_
  int rate_ = 0;                  // with mutex_
  std::string failure_;           // with mutex_
};

}  // namespace yiwang::kiosk
