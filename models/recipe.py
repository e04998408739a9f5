"""What both training recipes share: their command line, the device they train on and the optimizer."""
import argparse
import os

import torch

from checkpoint import load_checkpoint


def recipe_arguments(doc, epochs):
    """The options every recipe takes; a recipe adds its own to the parser this returns."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('train_dir')
    parser.add_argument('validation_dir')
    parser.add_argument('out_dir')
    parser.add_argument('--epochs', type=int, default=epochs)
    parser.add_argument('--time-budget-min', type=float, help='train as many epochs as fit (timed first); prints the count for --epochs')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    parser.add_argument('--device', default='cpu', help='cpu, or cuda with a CUDA build of PyTorch')
    parser.add_argument('--lr', type=float, default=2e-3, help='peak learning rate of the one-cycle schedule')
    parser.add_argument('--checkpoint', help='also write the weights and the facts of their training here (.npz) as training goes')
    parser.add_argument('--from-checkpoint', help='skip training: validate and export these weights (.npz)')
    parser.add_argument('--init-from', help='start training from these weights (.npz) instead of random ones (fine-tuning)')
    parser.add_argument('--randomization', default=os.path.join(os.path.dirname(__file__), '../sim/world/randomization.ts'),
                        help='the domain-randomization config the data came from (hashed into the model card)')
    return parser


def start(args):
    """Seeds torch, sets its CPU threads and returns the device to train on."""
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    torch.backends.cudnn.benchmark = device.type == 'cuda'
    return device


def optimizer_for(net, lr):
    return torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)


def device_name(device):
    return torch.cuda.get_device_name(device) if device.type == 'cuda' else 'cpu'


def trained(net, args, train):
    """Gives net the weights the options ask for: a checkpoint's (--from-checkpoint), else those
    train() leaves, from --init-from's weights when given. Returns the facts of their training."""
    if args.from_checkpoint:
        state, facts = load_checkpoint(args.from_checkpoint)
        net.load_state_dict(state)
        return facts
    if args.init_from:
        net.load_state_dict(load_checkpoint(args.init_from)[0])
    return train()
