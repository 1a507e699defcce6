"""Client corrections

Revision ID: 4b5c5cdca23d
Revises: b538ec7b82ea
Create Date: 2026-11-23 01:21:44.902005

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b5c5cdca23d'
down_revision = 'b538ec7b82ea'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('client_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('old_value', sa.String(length=120), nullable=False),
    sa.Column('new_value', sa.String(length=120), nullable=False),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_corrections_client_id_clients')),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['users.id'], name=op.f('fk_client_corrections_corrected_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_corrections'))
    )
    with op.batch_alter_table('client_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_corrections_client_id'), ['client_id'], unique=False)



def downgrade():
    with op.batch_alter_table('client_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_corrections_client_id'))

    op.drop_table('client_corrections')
