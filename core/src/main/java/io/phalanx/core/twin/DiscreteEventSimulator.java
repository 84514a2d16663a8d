package io.phalanx.core.twin;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * An event-driven simulation of the same network the analytic model describes, to check the model
 * where it approximates (G/G/c, finite queues, paths of several stations) and to give it an
 * independent oracle where it is exact.
 *
 * <p>Each request class arrives as a Poisson stream at its scenario rate and walks the path the
 * model would choose, visiting each node its (whole) visit count in a row. Every node is c FCFS
 * servers with an optional system cap (arrivals finding it full are refused and leave); a link is
 * its one-server transmitter followed by its base latency as a pure delay. Service times are drawn
 * from each station's {@link ServiceTimeDistribution}.
 *
 * <p>Deterministic: a run is a function of (topology, scenario, plan); the seed is split into one
 * random stream per class and per node in topology order, and events at equal times are ordered by
 * creation. Samples are kept from the end of the warm-up on and batched by completion time.
 */
public final class DiscreteEventSimulator {
    private final ServiceTopology topology;
    private final WhatIfScenario scenario;

    public DiscreteEventSimulator(ServiceTopology topology, WhatIfScenario scenario) {
        this.topology = topology;
        this.scenario = scenario;
    }

    /**
     * One station fed by Poisson arrivals; the node and the request class are both named after the
     * station.
     */
    public static DiscreteEventSimulator ofStation(QueueingStation station, double arrivalRate) {
        ServiceTopology t =
                ServiceTopology.builder()
                        .service(station)
                        .requestClass(
                                RequestClass.of(
                                        station.name(),
                                        arrivalRate,
                                        RequestPath.through(station.name())))
                        .build();
        return new DiscreteEventSimulator(t, WhatIfScenario.baseline());
    }

    public SimulationResult run(SimulationPlan plan) {
        return new Run(plan).execute();
    }

    private static final int SOURCE = 0;
    private static final int ARRIVE = 1;
    private static final int DEPART = 2;

    private static final class Event implements Comparable<Event> {
        final double time;
        final long seq;
        final int kind;
        final Request request;
        final int classIndex;

        Event(double time, long seq, int kind, Request request, int classIndex) {
            this.time = time;
            this.seq = seq;
            this.kind = kind;
            this.request = request;
            this.classIndex = classIndex;
        }

        @Override
        public int compareTo(Event o) {
            int c = Double.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private static final class Request {
        final int classIndex;
        final double created;
        int hop;
        double arrivedAtNode;

        Request(int classIndex, double created) {
            this.classIndex = classIndex;
            this.created = created;
        }
    }

    private static final class Node {
        final String name;
        final QueueingStation station;
        final double delayAfter;
        final SplittableRandom random;
        final ArrayDeque<Request> queue = new ArrayDeque<>();
        final SimulationResult.Observations observations;
        int busy;
        int inSystem;
        double lastChange;

        Node(
                String name,
                QueueingStation station,
                double delayAfter,
                SplittableRandom random,
                int batches) {
            this.name = name;
            this.station = station;
            this.delayAfter = delayAfter;
            this.random = random;
            this.observations = new SimulationResult.Observations(batches, station.servers());
        }
    }

    private final class Run {
        final SimulationPlan plan;
        final double start;
        final double end;
        final double batchSeconds;
        final PriorityQueue<Event> events = new PriorityQueue<>();
        final Node[] nodes;
        final int[][] routes;
        final double[] rates;
        final String[] classNames;
        final SplittableRandom[] arrivalRandom;
        final SimulationResult.Observations[] classObservations;
        long seq;

        Run(SimulationPlan plan) {
            this.plan = plan;
            start = plan.warmupSeconds();
            end = start + plan.measuredSeconds();
            batchSeconds = plan.measuredSeconds() / plan.batches();
            SplittableRandom root = new SplittableRandom(plan.seed());
            List<RequestClass> classes = List.copyOf(topology.requestClasses().values());
            Map<String, Integer> index = new LinkedHashMap<>();
            Map<String, Double> nodeRates = topology.nodeArrivalRates(scenario);
            nodes = new Node[nodeRates.size()];
            int n = 0;
            for (String name : nodeRates.keySet()) {
                Link link = topology.links().get(name);
                nodes[n] =
                        new Node(
                                name,
                                topology.station(name, scenario),
                                link == null ? 0 : link.baseLatencySeconds(),
                                root.split(),
                                plan.batches());
                index.put(name, n++);
            }
            routes = new int[classes.size()][];
            rates = new double[classes.size()];
            classNames = new String[classes.size()];
            arrivalRandom = new SplittableRandom[classes.size()];
            classObservations = new SimulationResult.Observations[classes.size()];
            for (int c = 0; c < classes.size(); c++) {
                RequestClass rc = classes.get(c);
                classNames[c] = rc.name();
                arrivalRandom[c] = root.split();
                classObservations[c] = new SimulationResult.Observations(plan.batches(), 1);
                int chosen = topology.chosenPath(rc, scenario);
                rates[c] = chosen < 0 ? 0 : topology.classRate(rc, scenario);
                routes[c] = chosen < 0 ? new int[0] : expand(rc.paths().get(chosen), index);
            }
        }

        private int[] expand(RequestPath path, Map<String, Integer> index) {
            int total = 0;
            for (RequestPath.Visit v : path.visits()) {
                if (v.visits() != Math.rint(v.visits())) {
                    throw new IllegalArgumentException(
                            "the simulator needs whole visit counts, "
                                    + v.node()
                                    + " has "
                                    + v.visits());
                }
                total += (int) v.visits();
            }
            int[] route = new int[total];
            int i = 0;
            for (RequestPath.Visit v : path.visits()) {
                for (int k = 0; k < (int) v.visits(); k++) {
                    route[i++] = index.get(v.node());
                }
            }
            return route;
        }

        SimulationResult execute() {
            for (int c = 0; c < rates.length; c++) {
                if (rates[c] > 0) {
                    schedule(interArrival(c), SOURCE, null, c);
                }
            }
            while (!events.isEmpty()) {
                Event e = events.poll();
                if (e.time > end) {
                    break;
                }
                switch (e.kind) {
                    case SOURCE:
                        Request r = new Request(e.classIndex, e.time);
                        arrive(r, e.time);
                        schedule(e.time + interArrival(e.classIndex), SOURCE, null, e.classIndex);
                        break;
                    case ARRIVE:
                        arrive(e.request, e.time);
                        break;
                    case DEPART:
                        depart(e.request, e.time);
                        break;
                    default:
                        throw new IllegalStateException("unknown event kind " + e.kind);
                }
            }
            for (Node node : nodes) {
                accountBusy(node, end);
            }
            Map<String, SimulationResult.Observations> byNode = new LinkedHashMap<>();
            for (Node node : nodes) {
                byNode.put(node.name, node.observations);
            }
            Map<String, SimulationResult.Observations> byClass = new LinkedHashMap<>();
            for (int c = 0; c < classNames.length; c++) {
                byClass.put(classNames[c], classObservations[c]);
            }
            return new SimulationResult(byNode, byClass, batchSeconds);
        }

        private double interArrival(int c) {
            return -Math.log(1 - arrivalRandom[c].nextDouble()) / rates[c];
        }

        private void schedule(double time, int kind, Request r, int classIndex) {
            events.add(new Event(time, seq++, kind, r, classIndex));
        }

        private int batchOf(double time) {
            return Math.min(plan.batches() - 1, (int) ((time - start) / batchSeconds));
        }

        private void arrive(Request r, double now) {
            Node node = nodes[routes[r.classIndex][r.hop]];
            if (now >= start) {
                node.observations.arrivals[batchOf(now)]++;
            }
            if (node.inSystem >= node.station.maxInSystem()) {
                if (now >= start) {
                    node.observations.blocked[batchOf(now)]++;
                }
                return;
            }
            node.inSystem++;
            r.arrivedAtNode = now;
            if (node.busy < node.station.servers()) {
                accountBusy(node, now);
                node.busy++;
                startService(node, r, now);
            } else {
                node.queue.add(r);
            }
        }

        private void startService(Node node, Request r, double now) {
            schedule(now + node.station.serviceTime().sample(node.random), DEPART, r, r.classIndex);
        }

        private void depart(Request r, double now) {
            Node node = nodes[routes[r.classIndex][r.hop]];
            if (now >= start) {
                node.observations.add(batchOf(now), now - r.arrivedAtNode);
            }
            node.inSystem--;
            Request next = node.queue.poll();
            if (next != null) {
                startService(node, next, now);
            } else {
                accountBusy(node, now);
                node.busy--;
            }
            double leaves = now + node.delayAfter;
            r.hop++;
            if (r.hop == routes[r.classIndex].length) {
                if (now >= start) {
                    classObservations[r.classIndex].add(batchOf(now), leaves - r.created);
                }
            } else {
                schedule(leaves, ARRIVE, r, r.classIndex);
            }
        }

        /** Adds busy-server time since the node's last change, split over the batch windows. */
        private void accountBusy(Node node, double now) {
            double from = Math.max(node.lastChange, start);
            double to = Math.min(now, end);
            node.lastChange = now;
            if (node.busy == 0 || to <= from) {
                return;
            }
            while (from < to) {
                int b = batchOf(from);
                double batchEnd = Math.min(to, start + (b + 1) * batchSeconds);
                if (b == plan.batches() - 1 || batchEnd <= from) {
                    // the last batch also takes rounding dust at the end of the window
                    batchEnd = b == plan.batches() - 1 ? to : Math.min(to, from + batchSeconds);
                }
                node.observations.busyServerSeconds[b] += node.busy * (batchEnd - from);
                from = batchEnd;
            }
        }
    }
}
