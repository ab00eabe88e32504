import { EVENT_ROUTES, EventName, eventsRoutedTo, ServiceName } from '@countyflow/contracts';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { BatchEventHandler, EventHandler, ON_EVENT, ON_EVENT_BATCH } from './on-event.decorator';

/**
 * Finds every `@OnEvent` and `@OnEventBatch` method at boot and refuses to start unless each event routed to this
 * service has exactly one handler, no handler waits for an event that is never routed here, and each batch handler
 * is the only one of its event and stands beside that event's `@OnEvent` handler.
 */
@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<EventName, { owner: string; handle: EventHandler }>();
  private readonly batchHandlers = new Map<EventName, { owner: string; handle: BatchEventHandler }>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  onModuleInit(): void {
    const problems: string[] = [];
    // one instance can sit behind several providers (a `useExisting` alias): its handlers count once
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !Object.getPrototypeOf(instance) || seen.has(instance)) {
        continue;
      }
      seen.add(instance);
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const fn = instance[method];
        if (typeof fn !== 'function') {
          continue;
        }
        const owner = `${instance.constructor.name}.${method}`;
        const name = this.reflector.get<EventName | undefined>(ON_EVENT, fn);
        if (name) {
          const existing = this.handlers.get(name);
          if (existing) {
            problems.push(`${name} has two handlers: ${existing.owner} and ${owner}`);
          } else {
            this.handlers.set(name, { owner, handle: (fn as EventHandler).bind(instance) });
          }
        }
        const batchName = this.reflector.get<EventName | undefined>(ON_EVENT_BATCH, fn);
        if (batchName) {
          const existing = this.batchHandlers.get(batchName);
          if (existing) {
            problems.push(`${batchName} has two batch handlers: ${existing.owner} and ${owner}`);
          } else {
            this.batchHandlers.set(batchName, { owner, handle: (fn as BatchEventHandler).bind(instance) });
          }
        }
      }
    }
    for (const [name, { owner }] of this.batchHandlers) {
      if (!this.handlers.has(name)) {
        problems.push(`${name} has a batch handler (${owner}) but no @OnEvent handler to handle it one by one`);
      }
    }
    problems.push(...checkRoutes(this.options.service, new Set(this.handlers.keys())));
    if (problems.length > 0) {
      throw new Error(
        `Event handlers of ${this.options.service} do not match the event routes:\n  - ${problems.join('\n  - ')}`,
      );
    }
  }

  handlerFor(name: EventName): EventHandler | undefined {
    return this.handlers.get(name)?.handle;
  }

  /** The handler of several events of this name in one transaction, when the event is declared batch-safe. */
  batchHandlerFor(name: EventName): BatchEventHandler | undefined {
    return this.batchHandlers.get(name)?.handle;
  }

  get handledEvents(): EventName[] {
    return [...this.handlers.keys()];
  }
}

/** The route check on its own: what is wrong when `service` handles exactly `handled`. */
export function checkRoutes(service: ServiceName, handled: Set<EventName>): string[] {
  const problems: string[] = [];
  for (const name of eventsRoutedTo(service)) {
    if (!handled.has(name)) {
      problems.push(`${name} is routed to ${service} but has no @OnEvent handler there`);
    }
  }
  for (const name of handled) {
    if (!EVENT_ROUTES[name]?.includes(service)) {
      problems.push(`${name} has a handler in ${service} but is not routed to ${service} in EVENT_ROUTES`);
    }
  }
  return problems;
}
