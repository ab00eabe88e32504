import { Principal } from '@countyflow/auth';
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import { OrderGroupWatch } from './order-group.watch';
import { OrderStatus } from './order-state';
import { OrderGroupResponseDto } from './order.dto';
import { OrderService } from './order.service';

/** A comment line this often keeps the stream (and the gateway's idle timeout) alive. */
export const STREAM_HEARTBEAT_MS = 15_000;
/** A stream ends after this long; the client opens a new one (or reads the group) if it still waits. */
export const STREAM_LIFETIME_MS = 5 * 60_000;
/** What the client waits for while a group is in one of these: the reservation, then the payment. */
const WAITING: readonly OrderStatus[] = [OrderStatus.Placed, OrderStatus.AwaitingPayment];

/** Nothing more for a checkout to wait for: every order is reserved and paid, or rejected, cancelled, expired. */
export const groupSettled = (group: OrderGroupResponseDto): boolean =>
  group.orders.every((order) => !WAITING.includes(order.status));

/**
 * Serves `GET /order-groups/:id/events` as server-sent events: a `group` event with the group as the buyer sees it
 * at once, then one after each committed change (OrderGroupWatch), until nothing is left to wait for (the stream
 * ends after that event), the client goes away, the watch loses its connection or the lifetime runs out. Every
 * event is read from committed state after the commit's notification, never from a transaction still open.
 */
@Injectable()
export class OrderGroupStream {
  constructor(
    private readonly orders: OrderService,
    private readonly watch: OrderGroupWatch,
  ) {}

  async serve(principal: Principal, groupId: string, reply: FastifyReply): Promise<void> {
    // authorises (404 as problem+json for anyone but the buyer) before a byte of the stream is sent; the group
    // itself never changes, so each change reads only its orders, lines and payments again
    const group = await this.orders.buyersGroup(principal, groupId);
    const first = await this.orders.groupView(group);
    const body = new PassThrough();
    let last = '';
    let ended = false;
    const timers: NodeJS.Timeout[] = [];
    let unfollow = () => undefined as void;
    const end = () => {
      if (!ended) {
        ended = true;
        timers.forEach(clearTimeout);
        unfollow();
        body.end();
      }
    };
    const send = (group: OrderGroupResponseDto) => {
      const data = JSON.stringify(group);
      if (data !== last && !ended) {
        last = data;
        body.write(`event: group\ndata: ${data}\n\n`);
      }
      if (groupSettled(group)) {
        end();
      }
    };
    // one read at a time; a change during a read asks for one more read after it
    let reading: Promise<void> | null = null;
    let again = false;
    const read = (): void => {
      if (ended) {
        return;
      }
      if (reading) {
        again = true;
        return;
      }
      reading = this.orders
        .groupView(group)
        .then(send, end)
        .finally(() => {
          reading = null;
          if (again) {
            again = false;
            read();
          }
        });
    };

    void reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache, no-transform')
      .header('x-accel-buffering', 'no')
      .send(body);
    reply.raw.on('close', end);
    body.write(`retry: 2000\n\n`);
    send(first);
    if (ended) {
      return;
    }
    try {
      unfollow = await this.watch.follow(groupId, { changed: read, lost: end });
    } catch {
      end();
      return;
    }
    if (ended) {
      unfollow();
      return;
    }
    const heartbeat = setInterval(() => body.write(': ping\n\n'), STREAM_HEARTBEAT_MS);
    timers.push(heartbeat, setTimeout(end, STREAM_LIFETIME_MS));
    // whatever committed between the first read and the LISTEN
    read();
  }
}
