package io.fanout.observe;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectConsumer;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.EventHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What happens when a route file changes while the application runs (camel.main.routes-reload-*, switched by
 * fanout.routes.reload): Camel's file watcher notices the change, and this replaces the routes of that one file, by
 * route id, leaving every other route running. A file is read whole first: one that does not parse, has a route
 * without an id, or takes an id that another file defines is rejected before anything stops. If its routes then
 * fail to start (an unknown endpoint or bean, say), the routes the file had before are put back. Either way one
 * ERROR line names the file and the problem. Records in flight are not lost: the routes to replace first finish
 * the exchanges in them while callers of their direct: endpoints wait for the new ones ({@link #quiesce}), and a
 * route that stays busy, or whose aggregator is collecting a job, is left as it is until the file is saved again.
 * A file of route configurations only, and deleting a file, take effect at the next start.
 */
final class RouteReloads implements ResourceReload {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloads.class);

    /** How long a route being replaced may take to finish its exchanges: below the direct component's 30 s wait. */
    static final long DRAIN_MS = 20_000;

    private final CamelContext context;
    /** The text of each file as last read, so the several events of one save reload it once. */
    private final Map<Path, String> lastRead = new HashMap<>();
    /** A file whose reload was put off (its routes busy): saving it again retries, the other events of that save do not. */
    private final Map<Path, Deferred> deferred = new HashMap<>();

    private record Deferred(String text, long at) {
    }

    private RouteReloads(CamelContext context) {
        this.context = context;
    }

    /** Takes over what Camel Main's route watcher does on a change, when camel.main.routes-reload-enabled made one. */
    static boolean install(CamelContext context) {
        RouteWatcherReloadStrategy watcher = context.hasService(RouteWatcherReloadStrategy.class);
        if (watcher == null) return false;
        watcher.setResourceReload(new RouteReloads(context));
        return true;
    }

    @Override
    public synchronized void onReload(String name, Resource resource) {
        Path file = Path.of(name).toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            lastRead.remove(file);
            LOG.info("Route file {} was removed: its routes keep running until the next start", name);
            return;
        } catch (Exception e) {
            LOG.error("Route file {} rejected: cannot read it ({}); its routes keep running as they were", name, e.getMessage());
            return;
        }
        if (text.equals(lastRead.put(file, text)) || text.isBlank()) {
            return; // the same save seen again, or a file being written (truncated first)
        }
        Deferred last = deferred.remove(file);
        if (last != null && last.text().equals(text) && System.nanoTime() - last.at() < TimeUnit.SECONDS.toNanos(1)) {
            return; // the same save, put off a moment ago
        }
        try {
            reload(name, file, resource);
        } catch (Exception e) {
            LOG.error("Route file {} rejected: {}; its routes keep running as they were", name, problem(e));
        }
    }

    private void reload(String name, Path file, Resource resource) throws Exception {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RoutesLoader loader = PluginHelper.getRoutesLoader(context);

        // 1. read the file whole, without touching the running routes
        List<String> ids = new ArrayList<>();
        for (RoutesBuilder builder : loader.findRoutesBuilders(resource)) {
            if (!(builder instanceof RouteBuilder routes)) continue;
            for (RouteDefinition route : routes.configureRoutes(context).getRoutes()) {
                if (!route.hasCustomIdAssigned()) {
                    throw new IllegalArgumentException("a route from " + route.getInput().getEndpointUri()
                            + " has no id (every route needs one to be replaced while running)");
                }
                if (ids.contains(route.getRouteId())) {
                    throw new IllegalArgumentException("route id " + route.getRouteId() + " is used twice");
                }
                RouteDefinition existing = model.getRouteDefinition(route.getRouteId());
                if (existing != null && existing.getResource() != null && !file.equals(path(existing.getResource()))) {
                    throw new IllegalArgumentException("route id " + route.getRouteId() + " is already defined in "
                            + existing.getResource().getLocation());
                }
                ids.add(route.getRouteId());
            }
        }

        if (ids.isEmpty()) {
            LOG.warn("Route file {} holds no routes (route configurations only): not reloaded; its changes apply at the next start", name);
            return;
        }

        // 2. what runs now from this file, to put back if the new routes fail
        Map<String, RouteDefinition> before = new LinkedHashMap<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (ids.contains(route.getRouteId()) || route.getResource() != null && file.equals(path(route.getResource()))) {
                before.put(route.getRouteId(), route);
            }
        }

        // 3. let the routes finish what they are doing, new exchanges waiting at their direct: endpoints
        if (!quiesce(before, file, name)) return;

        // 4. replace: routes gone from the file stop; the others are replaced one by one, by id
        try {
            for (String id : before.keySet()) {
                if (!ids.contains(id)) remove(id);
            }
            Set<String> loaded = loader.updateRoutes(List.of(resource));
            for (String id : loaded) {
                ServiceStatus status = context.getRouteController().getRouteStatus(id);
                if (status != ServiceStatus.Started) throw new IllegalStateException("route " + id + " did not start (" + status + ")");
            }
            LOG.info("Routes reloaded from {}: {}", name, String.join(", ", loaded));
            int index = 1;
            for (String id : loaded) {
                EventHelper.notifyRouteReloaded(context, context.getRoute(id), index++, loaded.size());
            }
        } catch (Exception e) {
            restore(model, ids, before);
            throw e;
        }
    }

    /**
     * Suspends the direct: consumers of {@code routes}, callers before the routes they call (so a route still
     * finishing can reach the next one), each time waiting until nothing is in flight in it. Exchanges sent to a
     * suspended route wait at its endpoint (up to the direct component's 30 s) and go on into the new route. A route
     * still busy after {@link #DRAIN_MS} (a job running through it, say), or whose aggregator holds open groups (the
     * jobs a fan-in is collecting, which a new route would not have), is not replaced: everything is resumed, the
     * file is rejected for now, and saving it again retries.
     */
    private boolean quiesce(Map<String, RouteDefinition> routes, Path file, String location) throws Exception {
        List<Consumer> suspended = new ArrayList<>();
        try {
            for (String id : callersFirst(routes)) {
                Route route = context.getRoute(id);
                if (route == null || !(route.getConsumer() instanceof DirectConsumer consumer)) continue;
                if (openGroups(route) > 0) {
                    // its groups complete only with what arrives at it: no use making that wait
                    return busy(suspended, file, location, id, openGroups(route) + " open aggregation group(s)");
                }
                ServiceHelper.suspendService(consumer);
                suspended.add(consumer);
                long deadline = System.currentTimeMillis() + DRAIN_MS;
                int inflight;
                while ((inflight = context.getInflightRepository().size(id)) > 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(10);
                }
                // an aggregator's open groups (the jobs a fan-in is collecting) live in the route: a new route starts empty
                int groups = openGroups(route);
                if (inflight > 0 || groups > 0) {
                    return busy(suspended, file, location, id,
                            inflight > 0 ? inflight + " exchange(s) in flight after " + DRAIN_MS / 1000 + " s" : groups + " open aggregation group(s)");
                }
            }
            return true;
        } catch (Exception | Error e) {
            resume(suspended);
            throw e;
        }
    }

    /** Gives the reload up for now: resumes what was suspended, and lets the same file be saved again to retry. */
    private boolean busy(List<Consumer> suspended, Path file, String location, String route, String what) {
        resume(suspended);
        String text = lastRead.remove(file);
        if (text != null) deferred.put(file, new Deferred(text, System.nanoTime()));
        LOG.error("Route file {} not reloaded yet: route {} still has {} (a job running through it); its routes keep running "
                + "as they were: save the file again to retry", location, route, what);
        return false;
    }

    /** The groups the aggregators of {@code route} hold, waiting to complete. */
    private static int openGroups(Route route) {
        int groups = 0;
        for (Processor processor : route.filter("*")) {
            if (processor instanceof AggregateProcessor aggregate) groups += aggregate.getAggregationRepository().getKeys().size();
        }
        return groups;
    }

    private static void resume(List<Consumer> consumers) {
        for (Consumer consumer : consumers) {
            try {
                ServiceHelper.resumeService(consumer);
            } catch (Exception e) {
                LOG.error("Could not resume {} after a reload was given up: {}", consumer.getEndpoint(), problem(e), e);
            }
        }
    }

    /** The ids of {@code routes}, a route before those it sends to (to: direct:...), as far as the routes say. */
    static List<String> callersFirst(Map<String, RouteDefinition> routes) {
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        Map<String, String> byEndpoint = new HashMap<>();
        routes.forEach((id, route) -> {
            if (route.getInput() != null) byEndpoint.put(directName(route.getInput().getEndpointUri()), id);
        });
        routes.forEach((id, route) -> {
            Set<String> targets = new LinkedHashSet<>();
            collectTargets(route.getOutputs(), byEndpoint, targets);
            targets.remove(id);
            calls.put(id, targets);
        });
        List<String> order = new ArrayList<>();
        while (!calls.isEmpty()) {
            String next = calls.keySet().stream()
                    .filter(id -> calls.values().stream().noneMatch(targets -> targets.contains(id)))
                    .findFirst().orElse(calls.keySet().iterator().next()); // a cycle: any will do
            order.add(next);
            calls.remove(next);
        }
        return order;
    }

    private static void collectTargets(List<ProcessorDefinition<?>> steps, Map<String, String> byEndpoint, Set<String> targets) {
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof ToDefinition to) {
                String target = byEndpoint.get(directName(to.getEndpointUri()));
                if (target != null) targets.add(target);
            }
            collectTargets(step.getOutputs(), byEndpoint, targets);
        }
    }

    /** "direct:name", "direct://name?x=y" → "name"; anything else as it is. */
    private static String directName(String uri) {
        if (uri == null || !uri.startsWith("direct:")) return uri;
        String name = uri.substring("direct:".length());
        if (name.startsWith("//")) name = name.substring(2);
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }

    /** Puts back the routes {@code before}, removing whatever the failed file left. */
    private void restore(Model model, List<String> ids, Map<String, RouteDefinition> before) {
        Set<String> all = new LinkedHashSet<>(ids);
        all.addAll(before.keySet());
        try {
            for (String id : all) {
                remove(id);
                RouteDefinition left = model.getRouteDefinition(id);
                if (left != null) model.removeRouteDefinition(left);
            }
            model.addRouteDefinitions(before.values());
        } catch (Exception e) {
            LOG.error("Could not put back the routes {} after a failed reload: {}", before.keySet(), problem(e), e);
        }
    }

    private void remove(String id) throws Exception {
        if (context.getRoute(id) != null) {
            context.getRouteController().stopRoute(id);
            context.removeRoute(id);
        }
    }

    private static Path path(Resource resource) {
        String location = resource.getLocation();
        if (location.startsWith("file:")) location = location.substring("file:".length());
        return Path.of(location).toAbsolutePath().normalize();
    }

    /** The innermost messages of an error, which say what is wrong (the outer ones only say where). */
    static String problem(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null && messages.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && messages.stream().noneMatch(m -> m.contains(message))) {
                messages.add(message.strip());
            }
        }
        return messages.isEmpty() ? e.getClass().getSimpleName() : String.join(": caused by ", messages);
    }
}
