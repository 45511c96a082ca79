// The UI thread's loop: SDL input to intents, thread events to the flow, drawing when dirty.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>

#include "app/kiosk_parts.h"
#include "receipt/sim/png_file.h"
#include "screens/screens.h"

namespace yiwang::kiosk {

namespace {

// When this process started, in ms since boot (field 22 of /proc/self/stat, in clock ticks);
// -1 when unknown. The command name (field 2) may hold spaces: fields are counted after ')'.
long long process_start_boot_ms() {
  std::ifstream in("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
    if (i == 22) return std::stoll(field) * 1000 / sysconf(_SC_CLK_TCK);
  }
  return -1;
}

}  // namespace

void KioskApp::Parts::sync_screens() {
  const ui::ViewModel& model = flow->model();
  if (stack.current() != model.screen) stack.request_screen(ui::make_screen(model.screen));
  const ui::OverlayId overlay = ui::overlay_of(model);
  if (stack.overlay() == overlay) return;
  if (overlay == ui::OverlayId::none)
    stack.request_no_overlay();
  else
    stack.request_overlay(ui::make_overlay(overlay));
}

void KioskApp::Parts::render() {
  stack.build(flow->model(), i18n, frame);
  drawn_epoch = flow->screen_epoch();
  record_frame_caption();
  const int rotation = flow->display_setting().rotation;
  if (rotation != applied_rotation) {
    // Turned: the frame is drawn whole again, into a texture when the output is rotated.
    applied_rotation = rotation;
    canvas->invalidate();
    if (sdl.rotated) SDL_DestroyTexture(sdl.rotated);
    sdl.rotated = nullptr;
    if (rotation != 0) {
      sdl.rotated =
          SDL_CreateTexture(sdl.renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                            ui::theme::kWidth, ui::theme::kHeight);
      if (!sdl.rotated) logger->error("app", std::string("rotation: ") + SDL_GetError());
    }
    // Unrotated, SDL scales the frame to the window; rotated, the placement does it.
    if (sdl.window || sdl.kms)
      SDL_RenderSetLogicalSize(sdl.renderer, sdl.rotated ? 0 : ui::theme::kWidth,
                               sdl.rotated ? 0 : ui::theme::kHeight);
  }
  if (!sdl.rotated) {
    canvas->draw(frame);
  } else {
    SDL_SetRenderTarget(sdl.renderer, sdl.rotated);
    canvas->draw(frame);
    SDL_SetRenderTarget(sdl.renderer, nullptr);
    int out_w = 0, out_h = 0;
    SDL_GetRendererOutputSize(sdl.renderer, &out_w, &out_h);
    const Placement place =
        place_frame(rotation, out_w, out_h, ui::theme::kWidth, ui::theme::kHeight);
    const SDL_FRect to{static_cast<float>(place.x), static_cast<float>(place.y),
                       static_cast<float>(place.w), static_cast<float>(place.h)};
    SDL_SetRenderDrawColor(sdl.renderer, 0, 0, 0, 255);
    SDL_RenderClear(sdl.renderer);  // outside the frame: black, nothing drawn off the panel
    SDL_RenderCopyExF(sdl.renderer, sdl.rotated, nullptr, &to, rotation, nullptr, SDL_FLIP_NONE);
  }
  SDL_RenderPresent(sdl.renderer);
  if (sdl.kms) {
    auto shown =
        sdl.kms->present(static_cast<const uint8_t*>(sdl.surface->pixels), sdl.surface->pitch);
    // A panel that refuses frames: said once, then every 100th time (the watchdog still sees a
    // live UI loop; the technician sees this in the journal).
    if (!shown.ok() && sdl.kms_errors++ % 100 == 0)
      logger->error("app", "display: " + shown.error());
  }
  // READY=1 with a screen on it: a window event can draw before the first screen is set.
  if (!frame_shown && stack.current()) first_frame_shown();
}

void KioskApp::Parts::first_frame_shown() {
  frame_shown = true;
  notifier.notify("READY=1\nSTATUS=first frame shown");
  timespec boot{};
  clock_gettime(CLOCK_BOOTTIME, &boot);
  const long long boot_ms = boot.tv_sec * 1000 + boot.tv_nsec / 1000000;
  const long long started_ms = process_start_boot_ms();
  // The CPU time the start cost (every thread, the dynamic loader's work before main too): unlike
  // the wall-clock figure, it hardly depends on what else the cores run.
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto cpu_ms = [](const timeval& t) {
    return std::to_string(t.tv_sec * 1000 + t.tv_usec / 1000);
  };
  logger->info("app", "first frame shown, " + std::to_string(boot_ms) + " ms after boot" +
                          (started_ms >= 0 ? ", " + std::to_string(boot_ms - started_ms) +
                                                 " ms after the process started"
                                           : std::string()) +
                          "; CPU time user " + cpu_ms(usage.ru_utime) + " ms, sys " +
                          cpu_ms(usage.ru_stime) + " ms");
  phase("first frame");
  logger->info("app", "start, ms after create began: " + start_phases);
  if (sdl.window) {
    // Where the frame landed: a viewport or scale of zero shows the cleared background alone.
    SDL_Rect viewport{};
    float scale_x = 0, scale_y = 0;
    int out_w = 0, out_h = 0;
    SDL_RenderGetViewport(sdl.renderer, &viewport);
    SDL_RenderGetScale(sdl.renderer, &scale_x, &scale_y);
    SDL_GetRendererOutputSize(sdl.renderer, &out_w, &out_h);
    logger->info("app", "display at the first frame: output " + std::to_string(out_w) + "x" +
                            std::to_string(out_h) + ", viewport " + std::to_string(viewport.w) +
                            "x" + std::to_string(viewport.h) + "+" + std::to_string(viewport.x) +
                            "+" + std::to_string(viewport.y) + ", scale " +
                            std::to_string(scale_x) + "x" + std::to_string(scale_y));
  }
  if (health.first_frame()) said_healthy();
  read_cached_catalog();
  start_voice();
  flow->voice_started();  // the screen's line, which had no voice to say it
}

void KioskApp::Parts::said_healthy() {
  logger->info("app", "healthy: first frame shown, platform reached");
  if (!health.problem().empty()) logger->warning("app", health.problem());
}

std::pair<int, int> KioskApp::Parts::to_frame(double x, double y) {
  const DisplaySetting& display = flow->display_setting();
  PointF point{x, y};
  if (sdl.rotated) {
    int out_w = 0, out_h = 0;
    SDL_GetRendererOutputSize(sdl.renderer, &out_w, &out_h);
    point = output_to_frame(
        place_frame(display.rotation, out_w, out_h, ui::theme::kWidth, ui::theme::kHeight), point);
  }
  if (!flow->calibrating()) point = apply_affine(display.touch, point);
  return {static_cast<int>(std::lround(point.x)), static_cast<int>(std::lround(point.y))};
}

bool KioskApp::Parts::screenshot(const std::string& name) {
  render();
  SDL_Surface* shot = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight, 32,
                                                     SDL_PIXELFORMAT_ARGB8888);
  if (!shot) return false;
  bool ok = SDL_RenderReadPixels(sdl.renderer, nullptr, SDL_PIXELFORMAT_ARGB8888, shot->pixels,
                                 shot->pitch) == 0;
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%02d-", ++shots);
  const std::string path = options.out + "/" + prefix + name + ".png";
  std::string why;
  ok = ok && drivers::save_png(shot, path, why);
  SDL_FreeSurface(shot);
  logger->info("script", (ok ? "screenshot " : "screenshot FAILED ") + path);
  return ok;
}

void KioskApp::Parts::press(int x, int y, long long at_ms) {
  if (flow->calibrating()) {
    // A calibration target touched: the point is the calibration's, never a tap.
    flow->calibration_touch(x, y);
    pressed.clear();
    return;
  }
  gesture.touch(true, x, y, at_ms);
  // Hit-tested against the frame on the screen, and only while that frame is still the
  // screen's: a touch queued behind a tap that changed screen hits nothing.
  const bool current = drawn_epoch == flow->screen_epoch();
  flow->touched();  // any touch says the resident is there
  const ui::Widget* widget = current ? frame.hit(x, y) : nullptr;
  pressed = widget ? widget->id : "";
  pressed_epoch = drawn_epoch;
  inking.clear();
  ink.clear();
  if (widget && widget->kind == ui::Widget::Kind::pad) {
    // A finger on the writing pad draws: the stroke is sent when it lifts.
    inking = widget->id;
    ink_rect = widget->rect;
    ink_box = widget->box;
    ink.push_back({x - ink_rect.x, y - ink_rect.y});
  }
  if (!current) logger->debug("app", "touch on a frame no longer shown: dropped");
}

void KioskApp::Parts::release(int x, int y, long long at_ms) {
  // A long press in a corner is part of the hidden gesture, never a tap on what lies there.
  const auto corner = gesture.touch(false, x, y, at_ms);
  if (corner != CornerGesture::Result::none) {
    pressed.clear();
    if (corner == CornerGesture::Result::completed) flow->maintenance_gesture();
    return;
  }
  const bool current = drawn_epoch == flow->screen_epoch() && pressed_epoch == drawn_epoch;
  if (!inking.empty()) {
    move(x, y);
    std::string points;
    for (ui::PenPoint point : ink) {
      if (ink_box > 0) {  // a pad drawn larger than its strokes' box (the elder writing pad)
        point.x = point.x * ink_box / std::max(1, ink_rect.w);
        point.y = point.y * ink_box / std::max(1, ink_rect.h);
      }
      points +=
          (points.empty() ? "" : " ") + std::to_string(point.x) + "," + std::to_string(point.y);
    }
    if (current) flow->handle_intent(inking + ":" + points);
    inking.clear();
    ink.clear();
    pressed.clear();
    return;
  }
  const ui::Widget* widget = current ? frame.hit(x, y) : nullptr;
  if (widget && widget->id == pressed) flow->handle_intent(widget->id);
  pressed.clear();
}

void KioskApp::Parts::move(int x, int y) {
  if (inking.empty() || ink.size() >= 2048) return;  // a stroke is bounded
  const ui::PenPoint point{std::clamp(x - ink_rect.x, 0, ink_rect.w - 1),
                           std::clamp(y - ink_rect.y, 0, ink_rect.h - 1)};
  if (ink.back().x != point.x || ink.back().y != point.y) ink.push_back(point);
}

void KioskApp::Parts::process_touches() {
  while (!touches.empty()) {
    const Touch touch = touches.front();
    touches.pop_front();
    if (touch.move) {
      move(touch.x, touch.y);
    } else if (touch.down) {
      press(touch.x, touch.y, touch.at_ms);
    } else {
      release(touch.x, touch.y, touch.at_ms);
    }
  }
}

void KioskApp::Parts::tap(const std::string& id) {
  const ui::Widget* widget = frame.find(id);
  const int x = widget->rect.x + widget->rect.w / 2;
  const int y = widget->rect.y + widget->rect.h / 2;
  const auto now = static_cast<long long>(SDL_GetTicks64());
  press(x, y, now);
  release(x, y, now);
}

bool KioskApp::Parts::tap_burst(const std::string& id, int count) {
  const ui::Widget* widget = frame.find(id);
  if (!widget) return false;
  const int x = widget->rect.x + widget->rect.w / 2;
  const int y = widget->rect.y + widget->rect.h / 2;
  const auto now = static_cast<long long>(SDL_GetTicks64());
  for (int i = 0; i < count; ++i) {
    touches.push_back({true, false, x, y, now});
    touches.push_back({false, false, x, y, now});
  }
  return true;
}

int KioskApp::run() {
  Parts& p = *parts_;
  if (p.reader) p.reader->start();
  if (p.scanner) p.scanner->start();
  if (p.keypad) p.keypad->start();
  if (p.jack) p.jack->start();
  if (p.camera) p.camera->start();
  p.sync->start();
  p.phase("threads");
  p.flow->start();
  p.phase("flow start");
  const bool scripted = !p.script.empty();
  p.logger->info("app", scripted ? "running script (" + std::to_string(p.script.size()) + " steps)"
                                 : "running");

  while (!p.quit) {
    int timeout = -1;
    if (auto next = p.flow->next_timer_ms())
      timeout = static_cast<int>(std::min<long long>(*next + 1, 60000));
    if (auto page = p.flow->caption_timer_ms())  // a long caption's next page
      timeout = static_cast<int>(timeout < 0 ? *page + 1 : std::min<long long>(timeout, *page + 1));
    if (scripted) timeout = 10;  // scripts poll for their conditions
    timeout = p.watchdog.cap_wait_ms(timeout, static_cast<long long>(SDL_GetTicks64()));
    SDL_Event event;
    bool have = false;
    if (p.options.headless) {
      // No input comes through SDL here, and its dummy driver cannot block (it polls every
      // millisecond): sleep on the application's own queue instead.
      p.queue->wait(timeout);
      have = SDL_PollEvent(&event);
    } else if (p.sdl.kms) {
      // Touch comes through SDL's evdev reader, which cannot block either: sleep on the input
      // nodes and the application's queue together (InputActivity), then let SDL read what
      // evdev has. Where the nodes cannot be watched, the queue in slices of 20 ms.
      constexpr int kSliceMs = 20;
      if (!SDL_PollEvent(&event)) {
        if (p.sdl.input) {
          p.sdl.input->wait(timeout);
        } else {
          p.queue->wait(timeout < 0 ? kSliceMs : std::min(timeout, kSliceMs));
        }
        have = SDL_PollEvent(&event);
      } else {
        have = true;
      }
    } else {
      have = timeout < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, timeout);
    }
    while (have) {
      switch (event.type) {
        case SDL_QUIT:
          // A window manager closing the window (its close button, Alt+F4): honoured only for a
          // desktop window (the demo). A kiosk (fullscreen or headless) stops only on SIGTERM.
          if (!p.options.fullscreen && !p.options.headless && p.options.kms.empty()) {
            p.quit = true;
          } else {
            p.logger->warning("app", "a request to close the window was ignored (kiosk mode)");
          }
          break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
          if (event.button.button == SDL_BUTTON_LEFT) {
            const auto [x, y] = p.to_frame(event.button.x, event.button.y);
            p.touches.push_back({event.type == SDL_MOUSEBUTTONDOWN, false, x, y,
                                 static_cast<long long>(event.button.timestamp)});
          }
          break;
        case SDL_MOUSEMOTION:
          // Only a finger drawing on the writing pad uses moves (move() drops the rest).
          if ((event.motion.state & SDL_BUTTON_LMASK) != 0) {
            const auto [x, y] = p.to_frame(event.motion.x, event.motion.y);
            p.touches.push_back(
                {false, true, x, y, static_cast<long long>(event.motion.timestamp)});
          }
          break;
        case SDL_FINGERMOTION:
        case SDL_FINGERDOWN:
        case SDL_FINGERUP: {
          // Normalised to the panel: its pixels when rotated, else the frame's.
          int out_w = ui::theme::kWidth, out_h = ui::theme::kHeight;
          if (p.sdl.rotated) SDL_GetRendererOutputSize(p.sdl.renderer, &out_w, &out_h);
          const auto [x, y] = p.to_frame(static_cast<double>(event.tfinger.x) * out_w,
                                         static_cast<double>(event.tfinger.y) * out_h);
          p.touches.push_back({event.type == SDL_FINGERDOWN, event.type == SDL_FINGERMOTION, x, y,
                               static_cast<long long>(event.tfinger.timestamp)});
          break;
        }
        case SDL_KEYDOWN:
        case SDL_TEXTINPUT:
          // No key combination does anything here: a keyboard someone plugs into the kiosk is
          // ignored (the QR scanner is read by its own thread, grabbed, never through SDL).
          // What was typed is never logged.
          if (!p.keyboard_noted) p.logger->warning("app", "keyboard input ignored (kiosk mode)");
          p.keyboard_noted = true;
          // A key says the resident is there all the same (WCAG 2.2.1: any key extends the time).
          if (event.type == SDL_KEYDOWN) p.flow->touched();
          break;
        case SDL_WINDOWEVENT:
          p.canvas->invalidate();  // exposed or resized: what was on the window is gone
          p.render();
          break;
        default:
          break;
      }
      have = SDL_PollEvent(&event);
    }
    // Touches first, in order, against the frame that was on screen when they happened.
    p.process_touches();
    for (auto& app_event : p.queue->drain()) {
      if (const auto* stop = std::get_if<StopRequested>(&app_event)) {
        p.logger->info("app", "signal " + std::to_string(stop->signal) + ": stopping");
        p.quit = true;
        continue;
      }
      if (const auto* link = std::get_if<LinkChanged>(&app_event); link && link->up()) {
        if (p.health.platform_reached()) p.said_healthy();
      }
      if (const auto* played = std::get_if<VoicePlayed>(&app_event); played && scripted)
        p.last_played = played->text;  // for scripts (wait-played); never logged
      if (const auto* key = std::get_if<drivers::KeypadEvent>(&app_event);
          key && key->kind != drivers::KeypadEvent::Kind::statusChanged)
        ++p.keys_handled;  // a script's keypad verbs wait for it
      p.flow->handle_event(std::move(app_event));
    }
    if (p.quit) break;
    p.flow->tick();
    if (scripted) p.run_script();
    p.sync_screens();
    const bool changed = p.stack.apply_pending();
    if (p.flow->take_dirty() || changed) p.render();
    // A whole turn done (input, the drained queue, the flow): the UI thread is alive.
    p.watchdog.turn_done(static_cast<long long>(SDL_GetTicks64()));
  }
  p.notifier.notify("STOPPING=1");
  return p.exit_code;
}

}  // namespace yiwang::kiosk
