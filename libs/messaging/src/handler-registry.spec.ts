import { EventName, eventsRoutedTo, ServiceName } from '@countyflow/contracts';
import { Injectable, Module, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { checkRoutes, HandlerRegistry } from './handler-registry';
import { MESSAGING_OPTIONS } from './messaging.options';
import { EventContext, OnEvent, OnEventBatch } from './on-event.decorator';

const SERVICE = ServiceName.Catalog;
const routed = eventsRoutedTo(SERVICE);
const notRouted = Object.values(EventName).find((name) => !routed.includes(name))!;

/** A provider class with one `@OnEvent` method per given event (the catalogue grows; the tests should not care). */
function handlers(className: string, events: EventName[], calls: string[] = []): Type {
  const cls = { [className]: class {} }[className];
  for (const name of events) {
    const method = `handle ${name}`;
    const handler = function (this: object, data: unknown, context: EventContext): Promise<void> {
      calls.push(`${this.constructor.name}:${context.event.name}`);
      return Promise.resolve();
    };
    Object.defineProperty(cls.prototype, method, { value: handler, configurable: true, writable: true });
    OnEvent(name)(cls.prototype, method, Object.getOwnPropertyDescriptor(cls.prototype, method)!);
  }
  Injectable()(cls);
  return cls;
}

async function boot(providers: unknown[]): Promise<HandlerRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      { provide: MESSAGING_OPTIONS, useValue: { service: SERVICE } },
      HandlerRegistry,
      ...(providers as Type[]),
    ],
  }).compile();
  await moduleRef.init(); // onModuleInit: where the registry checks the routes
  return moduleRef.get(HandlerRegistry);
}

/** The error boot fails with (the test fails if it boots). */
async function bootError(providers: unknown[]): Promise<string> {
  const registry = await boot(providers).catch((error: Error) => error);
  if (!(registry instanceof Error)) {
    throw new Error('expected boot to fail, but it succeeded');
  }
  return registry.message;
}

describe(HandlerRegistry.name, () => {
  it('boots when every event routed to the service has exactly one handler, wherever it is declared', async () => {
    const calls: string[] = [];
    const [firstHalf, secondHalf] = [routed.slice(0, 1), routed.slice(1)];
    const sut = await boot([handlers('OrgHandlers', firstHalf, calls), handlers('OtherHandlers', secondHalf, calls)]);

    expect([...sut.handledEvents].sort()).toEqual([...routed].sort());
    const handle = sut.handlerFor(routed[0])!;
    await handle({} as never, { event: { name: routed[0] } } as EventContext);
    expect(calls).toEqual([`OrgHandlers:${routed[0]}`]); // bound to its instance
    expect(sut.handlerFor(notRouted)).toBeUndefined();
  });

  it('refuses to boot when a routed event has no handler, naming the event', async () => {
    const missing = EventName.OrgSuspended;
    const message = await bootError([
      handlers(
        'Partial',
        routed.filter((name) => name !== missing),
      ),
    ]);

    expect(message).toBe(
      `Event handlers of ${SERVICE} do not match the event routes:\n` +
        `  - ${missing} is routed to ${SERVICE} but has no @OnEvent handler there`,
    );
  });

  it('refuses to boot when an event has two handlers, naming the event and both handlers', async () => {
    const twice = EventName.OrgVerified;
    const message = await bootError([handlers('SellerHandlers', routed), handlers('AuditHandlers', [twice])]);

    expect(message).toBe(
      `Event handlers of ${SERVICE} do not match the event routes:\n` +
        `  - ${twice} has two handlers: SellerHandlers.handle ${twice} and AuditHandlers.handle ${twice}`,
    );
  });

  it('refuses to boot when a handler waits for an event that is not routed to the service', async () => {
    expect(await bootError([handlers('All', routed), handlers('Stray', [notRouted])])).toContain(
      `${notRouted} has a handler in ${SERVICE} but is not routed to ${SERVICE} in EVENT_ROUTES`,
    );
  });

  it('finds a batch handler beside the event’s handler, and refuses one without it or a second one', async () => {
    const batched = routed[0];
    const batchOf = (className: string, name: EventName): Type => {
      const cls = { [className]: class {} }[className];
      const handler = (): Promise<void> => Promise.resolve();
      Object.defineProperty(cls.prototype, 'handleBatch', { value: handler, configurable: true, writable: true });
      OnEventBatch(name)(cls.prototype, 'handleBatch', Object.getOwnPropertyDescriptor(cls.prototype, 'handleBatch')!);
      Injectable()(cls);
      return cls;
    };

    const sut = await boot([handlers('All', routed), batchOf('Batch', batched)]);
    expect(sut.batchHandlerFor(batched)).toBeInstanceOf(Function);
    expect(sut.batchHandlerFor(routed[1])).toBeUndefined();
    expect(await bootError([handlers('Rest', routed.slice(1)), batchOf('Batch', batched)])).toContain(
      `${batched} has a batch handler (Batch.handleBatch) but no @OnEvent handler to handle it one by one`,
    );
    expect(await bootError([handlers('All', routed), batchOf('One', batched), batchOf('Two', batched)])).toContain(
      `${batched} has two batch handlers: One.handleBatch and Two.handleBatch`,
    );
  });

  it('lists every problem at once', async () => {
    const message = await bootError([handlers('Few', routed.slice(1)), handlers('Again', routed.slice(1, 2))]);

    expect(message).toContain(`${routed[1]} has two handlers: Few.handle ${routed[1]} and Again.handle ${routed[1]}`);
    expect(message).toContain(`${routed[0]} is routed to ${SERVICE} but has no @OnEvent handler there`);
  });

  it('counts a handler provider once when it is also registered under another token, or exported to other modules', async () => {
    const Seller = handlers('SellerHandlers', routed);
    @Module({ providers: [Seller], exports: [Seller] })
    class SellerModule {}
    @Module({ imports: [SellerModule] })
    class ConsumerModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule, SellerModule, ConsumerModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: { service: SERVICE } },
        HandlerRegistry,
        { provide: 'SELLER_ALIAS', useExisting: Seller },
      ],
    }).compile();
    await expect(moduleRef.init()).resolves.toBeDefined();
    expect([...moduleRef.get(HandlerRegistry).handledEvents].sort()).toEqual([...routed].sort());
  });
});

describe(checkRoutes.name, () => {
  it('finds nothing wrong when the handled events are exactly the routed ones', () => {
    expect(checkRoutes(SERVICE, new Set(routed))).toEqual([]);
  });

  it('names each routed event without a handler and each handled event that is not routed', () => {
    expect(checkRoutes(SERVICE, new Set([...routed.slice(1), notRouted]))).toEqual([
      `${routed[0]} is routed to ${SERVICE} but has no @OnEvent handler there`,
      `${notRouted} has a handler in ${SERVICE} but is not routed to ${SERVICE} in EVENT_ROUTES`,
    ]);
  });

  it('expects no handlers of a service that consumes nothing', () => {
    expect(checkRoutes(ServiceName.Gateway, new Set())).toEqual([]);
  });
});
