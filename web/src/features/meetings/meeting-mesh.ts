import type { IceServer, MeetingPeer, MeetingRefusal, MeetingSignal, RealtimeFrame } from "@planerka/common";
import { realtime } from "../../lib/realtime";

export type MeshStatus = "idle" | "joining" | "joined" | "full" | "refused" | "ended";

export interface RemotePeer {
  peerId: string;
  user: { id: string; name: string };
  stream: MediaStream | null;
  state: RTCPeerConnectionState;
}

interface Link {
  peer: MeetingPeer;
  pc: RTCPeerConnection;
  stream: MediaStream | null;
  /** Candidates that came before the remote description. */
  pending: RTCIceCandidateInit[];
  createdAt: number;
}

/**
 * One browser tab's part in a meeting room: a WebRTC mesh, one RTCPeerConnection per other peer.
 * The peer that joined later makes the offer (the server orders joins), so two peers never offer to
 * each other at once. Each connection carries one audio and one video transceiver from the start,
 * so turning the camera or microphone off, or sharing the screen instead of the camera, swaps or
 * mutes tracks without renegotiating. Signals go over the page's real-time socket; the server
 * relays them only between peers of the same room.
 */
export class MeetingMesh {
  status: MeshStatus = "idle";
  refusal: MeetingRefusal | null = null;
  peerId: string | null = null;
  /** When this tab last joined (the room's later loads know its peer). */
  joinedAt: number | null = null;
  /** The meeting this tab joined: when the room's meeting is another one or none, it has ended. */
  meetingId: string | null = null;
  local: MediaStream | null = null;
  micOn = true;
  cameraOn = true;
  sharing = false;
  /** What could not be had of the camera and microphone (the meeting goes on without them). */
  mediaError: string | null = null;
  private camera: MediaStreamTrack | null = null;
  private microphone: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;
  private links = new Map<string, Link>();
  private mySeq = Number.POSITIVE_INFINITY;
  private unsubscribe: (() => void) | null = null;
  private unsubscribeStatus: (() => void) | null = null;
  private listeners = new Set<() => void>();
  /** Frames are handled one after another: each step of a negotiation waits for the one before. */
  private queue: Promise<void> = Promise.resolve();
  /** Candidates from a peer whose offer has not come yet (signals may overtake each other between processes). */
  private early = new Map<string, RTCIceCandidateInit[]>();
  /** Bumped on every change: React reads it through useSyncExternalStore. */
  version = 0;

  constructor(
    readonly roomId: string,
    private readonly iceServers: IceServer[],
  ) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get remotes(): RemotePeer[] {
    return [...this.links.values()]
      .sort((a, b) => a.peer.seq - b.peer.seq)
      .map((link) => ({
        peerId: link.peer.peerId,
        user: link.peer.user,
        stream: link.stream,
        state: link.pc.connectionState,
      }));
  }

  /** Camera and microphone, then the room. Without a camera (or permission) it joins with what there is. */
  async join(): Promise<void> {
    if (this.status === "joining" || this.status === "joined") return;
    this.setStatus("joining");
    this.refusal = null;
    if (!this.local) this.local = await this.openMedia();
    this.unsubscribe ??= realtime.subscribe((frame) => {
      this.queue = this.queue.then(() => this.receive(frame)).catch(() => undefined);
    });
    // A socket that reconnects comes back as a new peer: the room is joined again.
    this.unsubscribeStatus ??= realtime.onStatus((connected) => {
      if (connected && (this.status === "joined" || this.status === "joining")) {
        this.closeLinks();
        this.setStatus("joining");
        realtime.send({ type: "meeting_join", roomId: this.roomId });
      }
    });
    realtime.send({ type: "meeting_join", roomId: this.roomId });
  }

  private async openMedia(): Promise<MediaStream> {
    const media = navigator.mediaDevices;
    for (const constraints of [
      { audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } },
      { audio: true, video: false },
      { audio: false, video: true },
    ]) {
      try {
        if (!media?.getUserMedia) break;
        const stream = await media.getUserMedia(constraints);
        this.camera = stream.getVideoTracks()[0] ?? null;
        this.microphone = stream.getAudioTracks()[0] ?? null;
        this.cameraOn = this.camera !== null;
        this.micOn = this.microphone !== null;
        if (!this.camera || !this.microphone) this.mediaError = this.camera ? "microphone" : "camera";
        return stream;
      } catch {
        this.mediaError = "camera";
      }
    }
    this.cameraOn = false;
    this.micOn = false;
    this.mediaError = "none";
    return new MediaStream();
  }

  /** Leaves the room and lets go of the camera, the microphone and the screen. */
  leave(options: { tellServer?: boolean; status?: MeshStatus } = {}): void {
    if ((options.tellServer ?? true) && (this.status === "joined" || this.status === "joining"))
      realtime.send({ type: "meeting_leave", roomId: this.roomId });
    this.closeLinks();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unsubscribeStatus?.();
    this.unsubscribeStatus = null;
    for (const track of [this.camera, this.microphone, this.screen]) track?.stop();
    this.camera = null;
    this.microphone = null;
    this.screen = null;
    this.local = null;
    this.sharing = false;
    this.peerId = null;
    this.joinedAt = null;
    this.meetingId = null;
    this.mySeq = Number.POSITIVE_INFINITY;
    this.setStatus(options.status ?? "idle");
  }

  toggleMic(): void {
    if (!this.microphone) return;
    this.micOn = !this.micOn;
    this.microphone.enabled = this.micOn;
    this.emit();
  }

  toggleCamera(): void {
    if (!this.camera) return;
    this.cameraOn = !this.cameraOn;
    this.camera.enabled = this.cameraOn;
    this.emit();
  }

  /** Shows the screen (a window, a tab) in place of the camera; again: back to the camera. */
  async toggleScreen(): Promise<void> {
    if (this.sharing) {
      this.stopScreen();
      return;
    }
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = display.getVideoTracks()[0];
    if (!track) return;
    this.screen = track;
    this.sharing = true;
    // The browser's own «Stop sharing» ends the track.
    track.addEventListener("ended", () => this.stopScreen());
    await this.replaceVideo(track);
    this.emit();
  }

  private stopScreen(): void {
    if (!this.screen) return;
    this.screen.stop();
    this.screen = null;
    this.sharing = false;
    void this.replaceVideo(this.camera);
    this.emit();
  }

  /** The track the others see now: the screen while sharing, else the camera. */
  get outgoingVideo(): MediaStreamTrack | null {
    return this.screen ?? this.camera;
  }

  private async replaceVideo(track: MediaStreamTrack | null): Promise<void> {
    await Promise.all(
      [...this.links.values()].flatMap((link) =>
        link.pc
          .getTransceivers()
          .filter((transceiver) => transceiver.receiver.track.kind === "video")
          .map((transceiver) => transceiver.sender.replaceTrack(track)),
      ),
    );
  }

  /**
   * Who is in the room now (the room as loaded after a change): links to peers that left are closed.
   * A load that started before a link was made may not know its peer yet, so it is kept.
   */
  syncPeers(peers: MeetingPeer[], loadStartedAt: number): void {
    if (this.status !== "joined") return;
    const present = new Set(peers.map((peer) => peer.peerId));
    for (const [peerId, link] of this.links) {
      if (!present.has(peerId) && loadStartedAt > link.createdAt) this.close(peerId);
    }
  }

  private async receive(frame: RealtimeFrame): Promise<void> {
    if (!("roomId" in frame) || frame.roomId !== this.roomId) return;
    switch (frame.type) {
      case "meeting_joined": {
        this.peerId = frame.peerId;
        this.joinedAt = Date.now();
        this.meetingId = null;
        const me = frame.peers.find((peer) => peer.peerId === frame.peerId);
        this.mySeq = me?.seq ?? Number.POSITIVE_INFINITY;
        this.setStatus("joined");
        // The later peer offers: to everyone who was there before.
        for (const peer of frame.peers) if (peer.seq < this.mySeq) await this.offer(peer);
        return;
      }
      case "meeting_refused":
        if (this.status === "joining" || this.status === "joined") {
          this.refusal = frame.reason;
          this.leave({ tellServer: false, status: frame.reason === "full" ? "full" : "refused" });
        }
        return;
      case "meeting_signal":
        if (frame.toPeerId === this.peerId) await this.signal(frame.fromPeerId, frame.signal);
        return;
      default:
        return;
    }
  }

  private link(peer: MeetingPeer): Link {
    const existing = this.links.get(peer.peerId);
    if (existing) return existing;
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const link: Link = { peer, pc, stream: null, pending: this.early.get(peer.peerId) ?? [], createdAt: Date.now() };
    this.early.delete(peer.peerId);
    this.links.set(peer.peerId, link);
    pc.addEventListener("icecandidate", (event) => {
      const candidate = event.candidate;
      if (!candidate) return;
      this.send(peer.peerId, {
        kind: "candidate",
        candidate: {
          candidate: candidate.candidate,
          sdpMid: candidate.sdpMid,
          sdpMLineIndex: candidate.sdpMLineIndex,
          usernameFragment: candidate.usernameFragment,
        },
      });
    });
    pc.addEventListener("track", (event) => {
      link.stream = event.streams[0] ?? link.stream ?? new MediaStream();
      if (!link.stream.getTracks().includes(event.track)) link.stream.addTrack(event.track);
      this.emit();
    });
    pc.addEventListener("connectionstatechange", () => {
      if (pc.connectionState === "failed" || pc.connectionState === "closed") this.close(peer.peerId);
      else this.emit();
    });
    this.emit();
    return link;
  }

  private async offer(peer: MeetingPeer): Promise<void> {
    const { pc } = this.link(peer);
    const streams = this.local ? [this.local] : [];
    pc.addTransceiver(this.microphone ?? "audio", { direction: "sendrecv", streams });
    pc.addTransceiver(this.outgoingVideo ?? "video", { direction: "sendrecv", streams });
    await pc.setLocalDescription(await pc.createOffer());
    this.sendDescription(peer.peerId, pc.localDescription);
  }

  private async signal(fromPeerId: string, signal: MeetingSignal): Promise<void> {
    if (signal.kind === "candidate") {
      const link = this.links.get(fromPeerId);
      if (!link) {
        this.early.set(fromPeerId, [...(this.early.get(fromPeerId) ?? []), signal.candidate].slice(-50));
        return;
      }
      if (link.pc.remoteDescription) await link.pc.addIceCandidate(signal.candidate).catch(() => undefined);
      else link.pending.push(signal.candidate);
      return;
    }
    if (signal.description.type === "offer") {
      // An offer comes from a peer that joined after this one; the room's next load names it.
      const link = this.link({
        peerId: fromPeerId,
        user: { id: "", name: "" },
        seq: Number.POSITIVE_INFINITY,
        joinedAt: "",
      });
      await link.pc.setRemoteDescription(signal.description);
      for (const transceiver of link.pc.getTransceivers()) {
        const kind = transceiver.receiver.track.kind;
        transceiver.direction = "sendrecv";
        await transceiver.sender.replaceTrack(kind === "audio" ? this.microphone : this.outgoingVideo);
        if (this.local) transceiver.sender.setStreams?.(this.local);
      }
      await link.pc.setLocalDescription(await link.pc.createAnswer());
      this.sendDescription(fromPeerId, link.pc.localDescription);
      await this.flush(link);
      return;
    }
    const link = this.links.get(fromPeerId);
    if (!link) return;
    await link.pc.setRemoteDescription(signal.description);
    await this.flush(link);
  }

  /** Names a peer known only by its offer, once the room's list has it. */
  name(peers: MeetingPeer[]): void {
    let changed = false;
    for (const peer of peers) {
      const link = this.links.get(peer.peerId);
      if (link && link.peer.user.id === "") {
        link.peer = peer;
        changed = true;
      }
    }
    if (changed) this.emit();
  }

  private async flush(link: Link): Promise<void> {
    const pending = link.pending.splice(0);
    for (const candidate of pending) await link.pc.addIceCandidate(candidate).catch(() => undefined);
  }

  private sendDescription(toPeerId: string, description: RTCSessionDescription | null): void {
    if (!description || (description.type !== "offer" && description.type !== "answer")) return;
    this.send(toPeerId, { kind: "description", description: { type: description.type, sdp: description.sdp } });
  }

  private send(toPeerId: string, signal: MeetingSignal): void {
    realtime.send({ type: "meeting_signal", roomId: this.roomId, toPeerId, signal });
  }

  private close(peerId: string): void {
    const link = this.links.get(peerId);
    if (!link) return;
    this.links.delete(peerId);
    link.pc.close();
    this.emit();
  }

  private closeLinks(): void {
    this.early.clear();
    for (const peerId of [...this.links.keys()]) this.close(peerId);
  }

  private setStatus(status: MeshStatus): void {
    this.status = status;
    this.emit();
  }

  private emit(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
