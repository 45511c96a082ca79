// KioskApp's parts: everything the application owns, in construction order. Private to app/.
#pragma once

#include <SDL.h>
#include <SDL_ttf.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/kiosk_app.h"
#include "app/receipt_station.h"
#include "app/script.h"
#include "app/sdl_audio_out.h"
#include "app/stop_signals.h"
#include "certificate/certificate_printer.h"
#include "core/app_events.h"
#include "core/event_queue.h"
#include "display/input_activity.h"
#include "display/kms_output.h"
#include "flow/corner_gesture.h"
#include "flow/kiosk_flow.h"
#include "idcard/idcard_reader.h"
#include "idcard/sim/reader_simulator.h"
#include "input/rime_pinyin.h"
#include "input/zinnia_handwriting.h"
#include "keypad/tactile_keypad.h"
#include "platform/platform_tasks.h"
#include "qr/camera_scanner.h"
#include "qr/qr_scanner.h"
#include "qr/scanner_simulator.h"
#include "receipt_journal.h"
#include "services/device_board.h"
#include "services/service_notify.h"
#include "sync/store_worker.h"
#include "sync/sync_worker.h"
#include "toolkit/canvas.h"
#include "toolkit/screen.h"

namespace yiwang::kiosk {

// The writing end of a FIFO that stands in for an input device's node (a script's keypad or
// headphone jack): closed when the parts go, after the drivers reading it have stopped.
struct ScriptNode {
  int fd = -1;
  ScriptNode() = default;
  ScriptNode(const ScriptNode&) = delete;
  ScriptNode& operator=(const ScriptNode&) = delete;
  ScriptNode(ScriptNode&&) = delete;
  ScriptNode& operator=(ScriptNode&&) = delete;
  ~ScriptNode() {
    if (fd >= 0) ::close(fd);
  }
};

class VoiceRecord;    // kiosk_voice.cpp
class KioskAudioOut;  // kiosk_voice.cpp

// SDL's lifetime: initialised first, shut down last.
struct SdlSystem {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  SDL_Surface* surface = nullptr;           // headless target, and the frame shown through KMS
  std::unique_ptr<drivers::KmsOutput> kms;  // --kms: the panel the surface is copied to
  // --kms: what the loop sleeps on (input nodes, the queue's pokes); shared with the queue's
  // waker, which other threads call. Null where /dev/input cannot be watched: 20 ms slices then.
  std::shared_ptr<drivers::InputActivity> input;
  int kms_errors = 0;
  SDL_Texture* rotated = nullptr;  // the frame drawn here, then turned onto the output
  Uint32 wake_event = 0;
  SdlSystem() = default;
  SdlSystem(const SdlSystem&) = delete;
  SdlSystem& operator=(const SdlSystem&) = delete;
  SdlSystem(SdlSystem&&) = delete;
  SdlSystem& operator=(SdlSystem&&) = delete;
  ~SdlSystem() {
    if (rotated) SDL_DestroyTexture(rotated);
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
    if (surface) SDL_FreeSurface(surface);
    if (TTF_WasInit()) TTF_Quit();
    SDL_Quit();
  }
};

struct KioskApp::Parts {
  Options options;
  SdlSystem sdl;
  std::unique_ptr<Logger> logger;
  I18n i18n;
  SystemClock clock;
  std::unique_ptr<EventQueue<AppEvent>> queue;
  std::unique_ptr<store::Database> database;
  std::optional<store::SealingKey> outbox_key;
  std::unique_ptr<store::Outbox> outbox;
  std::unique_ptr<store::LocalState> state;
  std::unique_ptr<store::ReceiptJournal> journal;
  std::unique_ptr<StoreWorker> store;
  std::unique_ptr<PlatformTasks> tasks;
  DeviceBoard devices;
  std::unique_ptr<SyncWorker> sync;
  std::unique_ptr<drivers::ReaderSimulator> reader_sim;
  std::unique_ptr<drivers::ScannerSimulator> scanner_sim;
  std::unique_ptr<drivers::IdCardReader> reader;
  std::unique_ptr<drivers::QrScanner> scanner;
  std::unique_ptr<drivers::EvdevInput> keypad;  // the tactile keypad (speech mode)
  std::unique_ptr<drivers::EvdevInput> jack;    // the headphone jack's switch
  std::unique_ptr<drivers::CameraScanner> camera;
  std::unique_ptr<ReceiptStation> receipts;
  std::unique_ptr<drivers::CertificatePrinter> certificates;
  // The text keyboard's engines: loaded once, each on its own thread, after the first frame;
  // used by the flow on the UI thread.
  std::unique_ptr<RimePinyin> pinyin;
  std::unique_ptr<ZinniaHandwriting> handwriting;
  // The kiosk's one voice (kiosk_voice.cpp), started after the first frame: the audio device
  // (or, in tests, the record file), the AudioOut that also tells the self-test its line played,
  // and the speech engine, shared by voice guidance and the self-test.
  std::unique_ptr<SdlAudioOut> audio;
  std::shared_ptr<VoiceRecord> voice_record;
  std::unique_ptr<AudioOut> audio_out;
  KioskAudioOut* audio_tap = nullptr;  // audio_out's own type
  std::unique_ptr<VoiceGuide> voice;
  int voice_volume = 70;         // the flow's last word on it
  std::string recorded_caption;  // the last caption written to the record
  std::string last_said;         // scripts only (expect-said): the last line said
  std::string last_played;       // scripts only (wait-played): the last line played to its end
  std::unique_ptr<KioskFlow> flow;
  std::unique_ptr<ui::Canvas> canvas;
  std::unique_ptr<StopSignals> signals;
  // The flow asked for the cached catalog: read from the database and parsed once at start, on
  // a thread of its own, after the first frame.
  bool cached_catalog_wanted = false;
  std::thread catalog_reader;
  void read_cached_catalog();
  ui::ScreenStack stack;
  ui::Frame frame;  // what is on the screen: taps are hit-tested against it
  // The flow's screen epoch when `frame` was drawn: a tap on a frame of another epoch is aimed
  // at something no longer there, and is dropped.
  unsigned long long drawn_epoch = 0;
  std::string pressed;  // widget id under the finger since touch-down
  unsigned long long pressed_epoch = 0;
  // Touches waiting for the loop, from SDL or from a script, in the order they happened.
  struct Touch {
    bool down = false;
    bool move = false;  // a finger moving while down (only the writing pad listens)
    int x = 0;
    int y = 0;
    long long at_ms = 0;  // SDL ticks when it happened (the corner gesture times long presses)
  };
  std::deque<Touch> touches;
  // A stroke being drawn on the writing pad (pad coordinates) since the finger went down on it;
  // sent as "<pad id>:x,y x,y ..." when it lifts.
  std::string inking;  // the pad's id, or empty
  ui::Rect ink_rect;
  int ink_box = 0;  // the pad's stroke coordinates (box x box), 0: its pixels
  ui::PenStroke ink;
  // The hidden way into maintenance mode (two long corner presses).
  CornerGesture gesture{ui::theme::kWidth, ui::theme::kHeight};

  // Script state.
  std::vector<ScriptStep> script;
  std::size_t step = 0;
  long long step_started_ms = 0;
  int repeats_left = 0;  // of the script's repeat block
  bool signing = false;  // a script's signature strokes are queued, not yet all drawn
  int shots = 0;
  int exit_code = 0;
  bool quit = false;
  bool keyboard_noted = false;  // a keyboard's input was ignored (logged once)
  // The keypad verbs write input_event records into the keypad's and the jack's nodes (FIFOs
  // given as --keypad and --headphone-jack), as the devices would: each key then goes through
  // the driver's thread and the queue, and a step waits until the flow has handled as many keys
  // and switches as were written.
  ScriptNode keypad_node;
  ScriptNode jack_node;
  std::size_t keys_written = 0;
  std::size_t keys_handled = 0;  // counted where the loop hands them to the flow
  long long keys_written_ms = 0;
  bool step_wrote = false;       // this step's keys are written
  std::size_t step_presses = 0;  // keypad-to: the presses of this step

  // systemd (Type=notify): READY=1 after the first frame, the UI loop's watchdog, the health mark.
  ServiceNotifier notifier = ServiceNotifier::from_environment();
  UiWatchdog watchdog{notifier};
  HealthMark health{notifier, HealthMark::default_file()};
  bool frame_shown = false;
  // What the start spent before the first frame, phase by phase (logged with the first frame):
  // "i18n 1, sdl 3, ..." in ms since KioskApp::create began.
  std::chrono::steady_clock::time_point created_at = std::chrono::steady_clock::now();
  std::string start_phases;
  void phase(const char* name) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - created_at)
                        .count();
    start_phases +=
        (start_phases.empty() ? "" : ", ") + std::string(name) + " " + std::to_string(ms);
  }

  Parts() = default;
  Parts(const Parts&) = delete;
  Parts& operator=(const Parts&) = delete;
  Parts(Parts&&) = delete;
  Parts& operator=(Parts&&) = delete;
  ~Parts() {
    // The reverse of start: threads that use other parts stop before those parts go (the task
    // thread hands PDFs to the certificate printer; device threads tell the sync worker about
    // heartbeats), and every thread that posts into the queue stops before the flow goes.
    signals.reset();
    if (catalog_reader.joinable()) catalog_reader.join();
    voice.reset();  // its thread plays into audio_out, which posts into the queue
    audio_out.reset();
    audio.reset();
    tasks.reset();
    camera.reset();
    scanner.reset();
    keypad.reset();
    jack.reset();
    reader.reset();
    receipts.reset();
    certificates.reset();
    store.reset();  // finishes a write it has taken: the resident was told "saving"
    sync.reset();
    flow.reset();  // wipes the resident session
  }

  void post(AppEvent event) { queue->push(std::move(event)); }
  // Called on device threads: record the state for heartbeats, then tell the UI thread.
  void device_changed(const drivers::DeviceStatus& status) {
    if (devices.update(status) && sync) sync->heartbeat_now();
  }
  // The self-test's voice line: false when this kiosk has no voice (no audio device, no engine);
  // otherwise a PlatformAnswer "self_test.voice" follows once the line reached the device or not.
  bool say_test_line(const std::string& line);
  // Voice guidance: the engine and its device (or record), after the first frame; a line said
  // (interrupting the last); the caption drawn, into the record.
  void start_voice();
  void say(const std::string& text, const std::string& language);
  void record_caption(const std::string& caption);
  void record_frame_caption();  // the caption of `frame` (as drawn or as a script sees it)
  // Creates the task thread and the sync worker for this platform identity (once).
  void connect_platform(const PlatformConfig& platform);
  // After a scanned enrollment: the same threads switch to the new identity (nothing is
  // replaced, so no other thread can hold a dangling pointer).
  void reconnect_enrolled();
  // Touches from SDL and scripts, hit-tested against the drawn frame, in order.
  void process_touches();
  PlatformResult enroll(const std::string& code_text);
  void render();
  // An output pixel of a finger or pointer -> frame coordinates: the display's rotation undone,
  // then its touch calibration (not while calibrating: those touches are the calibration's).
  std::pair<int, int> to_frame(double x, double y);
  int applied_rotation = 0;  // the rotation the output was last drawn with
  // After the first frame: READY=1, and the time since boot in the log (boot-to-first-frame).
  void first_frame_shown();
  void said_healthy();  // logs the health mark (and why its file could not be written)
  bool screenshot(const std::string& name);
  void press(int x, int y, long long at_ms);
  void release(int x, int y, long long at_ms);
  void move(int x, int y);
  // Script helpers for the text keyboard and the signature pad: the strokes of a file (a
  // box_w x box_h box) drawn on the pad pad_id as a finger would; a candidate found in the bar
  // (turning pages as a person would).
  bool draw_strokes(const std::string& path, const std::string& pad_id, int box_w, int box_h,
                    std::string& error);
  bool pick_candidate(const std::string& text);
  // The script's "date" verb: the picker's steppers tapped until it shows the date.
  bool set_date(const std::string& target);
  void tap(const std::string& id);
  // A quick finger: `count` touches at the widget's centre, queued before the next frame.
  bool tap_burst(const std::string& id, int count);
  void sync_screens();
  // The script's keypad verbs: bytes (input_event records) written into the keypad's node
  // (to_keypad) or the jack's, opened at the first use; false with `error` when the kiosk's device
  // is no FIFO or the write failed. keys_arrived: the flow has handled every key written (fails
  // the script when the driver has not delivered them within 10 s).
  bool write_input(bool to_keypad, const std::string& bytes, std::size_t keys, std::string& error);
  bool keys_arrived(long long now);
  // Runs script steps until one has to wait. False when the script failed.
  void run_script();
  void fail_script(const std::string& why);
};

}  // namespace yiwang::kiosk
