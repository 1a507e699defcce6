"""cases: clients, cases and holds

Revision ID: f5ceff64d91b
Revises: 467913b66465
Create Date: 2026-11-22 15:50:41.868417

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5ceff64d91b'
down_revision = '467913b66465'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('clients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('sms_consent', sa.Boolean(), nullable=False),
    sa.Column('national_id', sa.String(length=11), nullable=True),
    sa.Column('protected_address', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_clients_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clients'))
    )
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clients_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_via', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('location_text', sa.String(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('adults', sa.Integer(), nullable=False),
    sa.Column('children_ages', sa.JSON(), nullable=False),
    sa.Column('pets', sa.Boolean(), nullable=False),
    sa.Column('gender', sa.String(length=10), nullable=False),
    sa.Column('single_gender_place', sa.Boolean(), nullable=False),
    sa.Column('wheelchair', sa.Boolean(), nullable=False),
    sa.Column('substance_free', sa.Boolean(), nullable=False),
    sa.Column('youngest_adult_age', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('adults >= 0', name=op.f('ck_cases_adults_not_negative')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_cases_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_cases_created_by_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_cases_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_client_id'), ['client_id'], unique=False)
        batch_op.create_index('ix_cases_municipality_status', ['municipality_id', 'status'], unique=False)

    op.create_table('holds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('shelter_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('first_night', sa.Date(), nullable=False),
    sa.Column('last_night', sa.Date(), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fallback_reason', sa.Text(), nullable=False),
    sa.Column('children_justification', sa.Text(), nullable=False),
    sa.Column('no_show_reason', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('last_night >= first_night', name=op.f('ck_holds_nights_in_order')),
    sa.CheckConstraint('places > 0', name=op.f('ck_holds_places_positive')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_holds_case_id_cases')),
    sa.ForeignKeyConstraint(['category_id'], ['place_categories.id'], name=op.f('fk_holds_category_id_place_categories')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_holds_created_by_id_users')),
    sa.ForeignKeyConstraint(['shelter_id'], ['shelters.id'], name=op.f('fk_holds_shelter_id_shelters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holds'))
    )
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holds_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_holds_category_status_nights', ['category_id', 'status', 'first_night', 'last_night'], unique=False)
        batch_op.create_index(batch_op.f('ix_holds_shelter_id'), ['shelter_id'], unique=False)



def downgrade():
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holds_shelter_id'))
        batch_op.drop_index('ix_holds_category_status_nights')
        batch_op.drop_index(batch_op.f('ix_holds_case_id'))

    op.drop_table('holds')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_municipality_status')
        batch_op.drop_index(batch_op.f('ix_cases_client_id'))

    op.drop_table('cases')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_municipality_id'))

    op.drop_table('clients')
