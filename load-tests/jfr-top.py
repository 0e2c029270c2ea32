#!/usr/bin/env python3
"""Where a thread's time goes, from a JFR recording's execution samples.

Reads the text of `jfr print --events jdk.ExecutionSample --stack-depth 64 REC.jfr` and prints the
samples per thread, then, for the threads whose names match THREAD_REGEX, the methods with the most
samples on top of the stack (self) and anywhere on it (inclusive), as counts and shares. With
--under METHOD_REGEX only the samples with such a frame count, cut at the outermost one: what that
method spends its time on.

    jfr print --events jdk.ExecutionSample --stack-depth 64 rec.jfr > rec.txt
    python3 load-tests/jfr-top.py rec.txt 'cep-100.*StreamThread' --top 40
    python3 load-tests/jfr-top.py rec.txt 'StreamThread' --under 'CachingKeyedStore.flush'
"""
import argparse
import collections
import re


def samples(path):
    """(thread name, [frames, innermost first]) per sample."""
    thread, frames, in_stack = None, [], False
    with open(path) as f:
        for line in f:
            if line.startswith('jdk.ExecutionSample'):
                if thread is not None:
                    yield thread, frames
                thread, frames, in_stack = None, [], False
            elif 'sampledThread' in line:
                thread = re.search(r'"(.*)"', line).group(1)
            elif 'stackTrace = [' in line:
                in_stack = True
            elif in_stack and line.strip() == ']':
                in_stack = False
            elif in_stack and line.strip() and line.strip() != '...':
                frames.append(re.sub(r'\(.*$', '', line.strip()))
    if thread is not None:
        yield thread, frames


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('file')
    p.add_argument('thread', nargs='?', default='.', help='regex of the thread names to look into')
    p.add_argument('--top', type=int, default=30)
    p.add_argument('--under', help='regex of a method: count only its samples, cut at its outermost frame')
    a = p.parse_args()
    threads, own, anywhere = collections.Counter(), collections.Counter(), collections.Counter()
    chosen, under = 0, re.compile(a.under) if a.under else None
    for thread, frames in samples(a.file):
        threads[thread] += 1
        if not re.search(a.thread, thread):
            continue
        if under:
            hits = [i for i, fr in enumerate(frames) if under.search(fr)]
            if not hits:
                continue
            frames = frames[:hits[-1] + 1]
        chosen += 1
        if frames:
            own[frames[0]] += 1
        for method in set(frames):
            anywhere[method] += 1
    print('samples per thread:')
    for t, n in threads.most_common(15):
        print(f'{n:7d}  {t}')
    print(f'\n{chosen} samples chosen\n-- self --')
    for m, n in own.most_common(a.top):
        print(f'{n:6d} {100 * n / max(chosen, 1):5.1f}%  {m}')
    print('-- inclusive --')
    for m, n in anywhere.most_common(a.top):
        print(f'{n:6d} {100 * n / max(chosen, 1):5.1f}%  {m}')


if __name__ == '__main__':
    main()
